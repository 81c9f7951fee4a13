package whop

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMembershipFixturesRoundTrip(t *testing.T) {
	m := assertRoundTrip[Membership](t, fixture(t, "membership.json"))
	assert.Equal(t, "mem_xxxxxxxxxxxxxx", m.ID)
	assert.Equal(t, MembershipStatusActive, m.Status)
	assert.Equal(t, CancelOptionTooExpensive, *m.CancelOption)
	assert.Equal(t, CompanyRef{ID: "biz_xxxxxxxxxxxxxx", Title: "Pickaxe Inc"}, m.Company)
	assert.Equal(t, "gold", m.Plan.Metadata["tier"])
	assert.Equal(t, "promo_xxxxxxxxxxxx", m.PromoCode.ID)
	assert.Equal(t, "ada@example.com", *m.User.Email)
	assert.Equal(t, time.Date(2024, 2, 1, 0, 0, 0, 0, time.UTC), *m.RenewalPeriodEnd)
	require.Len(t, m.CustomFieldResponses, 1)
	assert.Equal(t, "ada#0001", m.CustomFieldResponses[0].Answer)

	page := assertRoundTrip[Page[MembershipListItem]](t, fixture(t, "memberships_page.json"))
	require.Len(t, page.Data, 2)
	assert.Nil(t, page.Data[0].User, "a deleted user decodes as nil")
	assert.Nil(t, page.Data[0].Member)
	assert.Equal(t, MembershipStatus("some_future_status"), page.Data[1].Status, "unknown enum values decode")
	assert.Equal(t, CancelOption("some_future_reason"), *page.Data[1].CancelOption)
}

func TestMembershipsList(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/memberships", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		testNoBody(t, r)
		q := r.URL.Query()
		assert.Equal(t, "biz_1", q.Get("company_id"))
		assert.Equal(t, []string{"too_expensive", "other"}, q["cancel_options[]"])
		assert.Equal(t, []string{"plan_1", "plan_2"}, q["plan_ids[]"])
		assert.Equal(t, []string{"prod_1"}, q["product_ids[]"])
		assert.Equal(t, []string{"promo_1"}, q["promo_code_ids[]"])
		assert.Equal(t, []string{"active", "canceling"}, q["statuses[]"])
		assert.Equal(t, []string{"user_1"}, q["user_ids[]"])
		assert.Equal(t, "canceled_at", q.Get("order"))
		assert.Equal(t, "asc", q.Get("direction"))
		assert.Equal(t, "2023-12-01T05:00:00.401Z", q.Get("created_after"))
		assert.Equal(t, "2024-01-01T00:00:00.000Z", q.Get("created_before"))
		assert.Equal(t, "5", q.Get("last"))
		assert.Equal(t, "cur", q.Get("before"))
		assert.NotContains(t, q, "first")
		assert.NotContains(t, q, "after")
		writeJSON(w, 200, fixture(t, "memberships_page.json"))
	})
	est := time.FixedZone("EST", -5*3600)
	after := time.Date(2023, 12, 1, 0, 0, 0, 401e6, est)
	before := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	page, err := c.Memberships.List(context.Background(), &MembershipListParams{
		ListParams:    ListParams{Before: "cur", Last: 5},
		CompanyID:     "biz_1",
		CancelOptions: []CancelOption{CancelOptionTooExpensive, CancelOptionOther},
		PlanIDs:       []string{"plan_1", "plan_2"},
		ProductIDs:    []string{"prod_1"},
		PromoCodeIDs:  []string{"promo_1"},
		Statuses:      []MembershipStatus{MembershipStatusActive, MembershipStatusCanceling},
		UserIDs:       []string{"user_1"},
		Order:         MembershipOrderCanceledAt,
		Direction:     DirectionAsc,
		CreatedAfter:  &after,
		CreatedBefore: &before,
	})
	require.NoError(t, err)
	assert.Len(t, page.Data, 2)
}

func TestMembershipsListAllWithoutParams(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/memberships", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("after") {
		case "":
			assert.Empty(t, r.URL.RawQuery, "nil params send no query")
			writeJSON(w, 200, `{"data":[{"id":"mem_1"}],"page_info":{"end_cursor":"c1","has_next_page":true}}`)
		case "c1":
			writeJSON(w, 200, `{"data":[{"id":"mem_2"}],"page_info":{"end_cursor":"c2","has_next_page":false}}`)
		}
	})
	var ids []string
	for m, err := range c.Memberships.ListAll(context.Background(), nil) {
		require.NoError(t, err)
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []string{"mem_1", "mem_2"}, ids)
}

func TestMembershipsGet(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/memberships/{id}", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		assert.Equal(t, "/memberships/mem%2F1%3Fx", r.URL.EscapedPath())
		writeJSON(w, 200, fixture(t, "membership.json"))
	})
	m, err := c.Memberships.Get(context.Background(), "mem/1?x")
	require.NoError(t, err)
	assert.Equal(t, "mem_xxxxxxxxxxxxxx", m.ID)
}

func TestMembershipsUpdateThreeStates(t *testing.T) {
	c, ts := newTestClient(t)
	var bodies []string
	ts.Mux.HandleFunc("/memberships/mem_1", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodPatch)
		b := make([]byte, 256)
		n, _ := r.Body.Read(b)
		bodies = append(bodies, string(b[:n]))
		writeJSON(w, 200, fixture(t, "membership.json"))
	})
	ctx := context.Background()
	for _, p := range []*MembershipUpdateParams{
		{Metadata: Value(map[string]any{"hwid": "abc"})},
		{Metadata: Null[map[string]any]()},
		{},
		nil,
	} {
		_, err := c.Memberships.Update(ctx, "mem_1", p)
		require.NoError(t, err)
	}
	require.Len(t, bodies, 4)
	assert.JSONEq(t, `{"metadata":{"hwid":"abc"}}`, bodies[0], "set")
	assert.JSONEq(t, `{"metadata":null}`, bodies[1], "clear")
	assert.JSONEq(t, `{}`, bodies[2], "leave alone")
	assert.JSONEq(t, `{}`, bodies[3], "nil params")
}

func TestMembershipsActions(t *testing.T) {
	c, ts := newTestClient(t)
	type seen struct{ method, path, body string }
	got := map[string]seen{}
	ts.Mux.HandleFunc("/memberships/{id}/{action}", func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 256)
		n, _ := r.Body.Read(b)
		got[r.PathValue("action")] = seen{r.Method, r.URL.EscapedPath(), string(b[:n])}
		if n > 0 {
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
		}
		writeJSON(w, 200, fixture(t, "membership.json"))
	})
	ctx := context.Background()
	_, err := c.Memberships.Cancel(ctx, "mem 1", &MembershipCancelParams{CancellationMode: Ptr(CancellationModeAtPeriodEnd)})
	require.NoError(t, err)
	_, err = c.Memberships.Pause(ctx, "mem 1", &MembershipPauseParams{VoidPayments: Ptr(true)})
	require.NoError(t, err)
	_, err = c.Memberships.Resume(ctx, "mem 1")
	require.NoError(t, err)
	_, err = c.Memberships.Uncancel(ctx, "mem 1")
	require.NoError(t, err)
	m, err := c.Memberships.AddFreeDays(ctx, "mem 1", &MembershipAddFreeDaysParams{FreeDays: 14})
	require.NoError(t, err)
	assert.Equal(t, "mem_xxxxxxxxxxxxxx", m.ID)

	want := map[string]seen{
		"cancel":        {"POST", "/memberships/mem%201/cancel", `{"cancellation_mode":"at_period_end"}`},
		"pause":         {"POST", "/memberships/mem%201/pause", `{"void_payments":true}`},
		"resume":        {"POST", "/memberships/mem%201/resume", ``},
		"uncancel":      {"POST", "/memberships/mem%201/uncancel", ``},
		"add_free_days": {"POST", "/memberships/mem%201/add_free_days", `{"free_days":14}`},
	}
	for action, w := range want {
		g := got[action]
		assert.Equal(t, w.method, g.method, action)
		assert.Equal(t, w.path, g.path, action)
		if w.body == "" {
			assert.Empty(t, g.body, action)
		} else {
			assert.JSONEq(t, w.body, g.body, action)
		}
	}

	// Without params, cancel and pause send no body at all.
	_, err = c.Memberships.Cancel(ctx, "mem 1", nil)
	require.NoError(t, err)
	_, err = c.Memberships.Pause(ctx, "mem 1", nil)
	require.NoError(t, err)
	assert.Empty(t, got["cancel"].body)
	assert.Empty(t, got["pause"].body)
}

func TestMembershipsValidation(t *testing.T) {
	c, ts := newTestClient(t)
	ctx := context.Background()
	cases := []struct {
		name  string
		call  func() error
		field string
	}{
		{"list negative last", func() error {
			_, err := c.Memberships.List(ctx, &MembershipListParams{ListParams: ListParams{Last: -1}})
			return err
		}, "last"},
		{"get empty id", func() error { _, err := c.Memberships.Get(ctx, ""); return err }, "id"},
		{"update dot dot", func() error { _, err := c.Memberships.Update(ctx, "..", nil); return err }, "id"},
		{"cancel dot", func() error { _, err := c.Memberships.Cancel(ctx, ".", nil); return err }, "id"},
		{"pause blank", func() error { _, err := c.Memberships.Pause(ctx, " ", nil); return err }, "id"},
		{"resume empty", func() error { _, err := c.Memberships.Resume(ctx, ""); return err }, "id"},
		{"uncancel dot dot", func() error { _, err := c.Memberships.Uncancel(ctx, ".."); return err }, "id"},
		{"add free days nil params", func() error { _, err := c.Memberships.AddFreeDays(ctx, "mem_1", nil); return err }, "free_days"},
		{"add free days zero", func() error {
			_, err := c.Memberships.AddFreeDays(ctx, "mem_1", &MembershipAddFreeDaysParams{})
			return err
		}, "free_days"},
		{"add free days too many", func() error {
			_, err := c.Memberships.AddFreeDays(ctx, "mem_1", &MembershipAddFreeDaysParams{FreeDays: MaxFreeDays + 1})
			return err
		}, "free_days"},
		{"add free days negative", func() error {
			_, err := c.Memberships.AddFreeDays(ctx, "mem_1", &MembershipAddFreeDaysParams{FreeDays: -3})
			return err
		}, "free_days"},
		{"add free days bad id", func() error {
			_, err := c.Memberships.AddFreeDays(ctx, "..", &MembershipAddFreeDaysParams{FreeDays: 1})
			return err
		}, "id"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assertParamError(t, tc.call(), tc.field)
		})
	}
	assert.Zero(t, ts.Hits.Load(), "no request may reach the server")
}

func TestWebhookEventMembership(t *testing.T) {
	for _, tc := range []struct {
		file string
		typ  WebhookEventType
	}{
		{"webhook_membership_deactivated.json", WebhookEventMembershipDeactivated},
		{"webhook_membership_cancel_at_period_end_changed.json", WebhookEventMembershipCancelAtPeriodEndChanged},
	} {
		var ev WebhookEvent
		require.NoError(t, json.Unmarshal([]byte(fixture(t, tc.file)), &ev))
		assert.Equal(t, tc.typ, ev.Type)
		m, err := ev.Membership()
		require.NoError(t, err, tc.file)
		assert.Equal(t, "mem_xxxxxxxxxxxxxx", m.ID)
		assert.True(t, m.CancelAtPeriodEnd)
		assert.Equal(t, "user_xxxxxxxxxxxxx", m.User.ID)
		require.Len(t, m.CustomFieldResponses, 1)
	}

	var ev WebhookEvent
	require.NoError(t, json.Unmarshal([]byte(fixture(t, "webhook_membership_activated.json")), &ev))
	m, err := ev.Membership()
	require.NoError(t, err)
	assert.Equal(t, MembershipStatusActive, m.Status)

	_, err = ev.Payment()
	assert.ErrorIs(t, err, ErrWebhookEventType, "a membership event is not a payment")
	require.NoError(t, json.Unmarshal([]byte(fixture(t, "webhook_payment_succeeded.json")), &ev))
	_, err = ev.Membership()
	assert.ErrorIs(t, err, ErrWebhookEventType, "a payment event is not a membership")
	ev = WebhookEvent{Type: WebhookEventMembershipActivated, Data: []byte(`{"id": 5}`)}
	_, err = ev.Membership()
	assert.ErrorIs(t, err, ErrWebhookInvalidPayload)
}
