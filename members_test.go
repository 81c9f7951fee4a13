package whop

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMemberFixturesRoundTrip(t *testing.T) {
	m := assertRoundTrip[Member](t, fixture(t, "member.json"))
	assert.Equal(t, AccessLevelCustomer, m.AccessLevel)
	assert.Equal(t, MemberStatusJoined, m.Status)
	assert.Equal(t, MemberActionPaidSubscriber, *m.MostRecentAction)
	assert.Equal(t, CompanyRef{ID: "biz_xxxxxxxxxxxxxx", Route: "pickaxe", Title: "Pickaxe Inc"}, m.Company)
	assert.Equal(t, "ada@example.com", *m.User.Email)
	assert.Equal(t, 12.5, m.CompanyTokenBalance)

	page := assertRoundTrip[Page[MemberListItem]](t, fixture(t, "members_page.json"))
	require.Len(t, page.Data, 2)
	assert.Nil(t, page.Data[0].User)
	assert.Equal(t, AccessLevel("some_future_level"), page.Data[1].AccessLevel, "unknown enum values decode")
	assert.Equal(t, MemberStatus("some_future_status"), page.Data[1].Status)
	assert.Equal(t, MemberMostRecentAction("some_future_action"), *page.Data[1].MostRecentAction)
}

func TestMembersListAndGet(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/members", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		q := r.URL.Query()
		assert.Equal(t, "biz_1", q.Get("company_id"))
		assert.Equal(t, "customer", q.Get("access_level"))
		assert.Equal(t, []string{"churned", "past_due"}, q["most_recent_actions[]"])
		assert.Equal(t, []string{"plan_1"}, q["plan_ids[]"])
		assert.Equal(t, []string{"prod_1", "prod_2"}, q["product_ids[]"])
		assert.Equal(t, []string{"promo_1"}, q["promo_code_ids[]"])
		assert.Equal(t, []string{"joined"}, q["statuses[]"])
		assert.Equal(t, []string{"user_1"}, q["user_ids[]"])
		assert.Equal(t, "ada", q.Get("query"))
		assert.Equal(t, "usd_total_spent", q.Get("order"))
		assert.Equal(t, "desc", q.Get("direction"))
		assert.Equal(t, "2024-03-01T12:00:00.000Z", q.Get("created_after"))
		assert.Equal(t, "2024-03-02T12:00:00.123Z", q.Get("created_before"))
		writeJSON(w, 200, fixture(t, "members_page.json"))
	})
	ts.Mux.HandleFunc("/members/{id}", func(w http.ResponseWriter, r *http.Request) {
		testMethod(t, r, http.MethodGet)
		assert.Equal(t, "/members/mber%2F1", r.URL.EscapedPath())
		writeJSON(w, 200, fixture(t, "member.json"))
	})
	tokyo := time.FixedZone("JST", 9*3600)
	after := time.Date(2024, 3, 1, 21, 0, 0, 0, tokyo)
	before := time.Date(2024, 3, 2, 12, 0, 0, 123e6, time.UTC)
	ctx := context.Background()
	page, err := c.Members.List(ctx, &MemberListParams{
		CompanyID: "biz_1", AccessLevel: AccessLevelCustomer,
		MostRecentActions: []MemberMostRecentAction{MemberActionChurned, MemberActionPastDue},
		PlanIDs:           []string{"plan_1"}, ProductIDs: []string{"prod_1", "prod_2"}, PromoCodeIDs: []string{"promo_1"},
		Statuses: []MemberStatus{MemberStatusJoined}, UserIDs: []string{"user_1"}, Query: "ada",
		Order: MemberOrderUSDTotalSpent, Direction: DirectionDesc, CreatedAfter: &after, CreatedBefore: &before,
	})
	require.NoError(t, err)
	assert.Len(t, page.Data, 2)
	m, err := c.Members.Get(ctx, "mber/1")
	require.NoError(t, err)
	assert.Equal(t, "mber_xxxxxxxxxxxxx", m.ID)

	var ids []string
	for m, err := range c.Members.ListAll(ctx, &MemberListParams{CompanyID: "biz_1", AccessLevel: AccessLevelCustomer,
		MostRecentActions: []MemberMostRecentAction{MemberActionChurned, MemberActionPastDue},
		PlanIDs:           []string{"plan_1"}, ProductIDs: []string{"prod_1", "prod_2"}, PromoCodeIDs: []string{"promo_1"},
		Statuses: []MemberStatus{MemberStatusJoined}, UserIDs: []string{"user_1"}, Query: "ada",
		Order: MemberOrderUSDTotalSpent, Direction: DirectionDesc, CreatedAfter: &after, CreatedBefore: &before}) {
		require.NoError(t, err)
		ids = append(ids, m.ID)
	}
	assert.Equal(t, []string{"mber_1", "mber_2"}, ids)
}

func TestMembersValidation(t *testing.T) {
	c, ts := newTestClient(t)
	ctx := context.Background()
	for _, id := range []string{"", " ", ".", ".."} {
		_, err := c.Members.Get(ctx, id)
		assertParamError(t, err, "id")
	}
	_, err := c.Members.List(ctx, &MemberListParams{ListParams: ListParams{After: "a", Before: "b"}})
	assertParamError(t, err, "after")
	assert.Zero(t, ts.Hits.Load(), "no request may reach the server")
}
