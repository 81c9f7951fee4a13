package whoptest_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// accessWorld is a fake with a monthly plan, a member with a card, and a
// receiver that verifies every webhook the fake signs.
type accessWorld struct {
	srv    *whoptest.Server
	c      *whop.Client
	member whoptest.Member
	card   whop.PaymentMethod
	prod   *whop.Product
	plan   *whop.Plan

	mu     sync.Mutex
	events []*whop.WebhookEvent
}

func newAccessWorld(t *testing.T) *accessWorld {
	t.Helper()
	start := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	w := &accessWorld{srv: whoptest.NewServer(t, whoptest.WithClock(func() time.Time { return start }))}
	w.c = w.srv.Client()
	const secret = "ws_access_secret"
	v, err := whop.NewWebhookVerifier(secret, whop.WithWebhookClock(w.srv.Now))
	require.NoError(t, err)
	receiver := httptest.NewServer(whop.WebhookHandler(v, func(_ context.Context, ev *whop.WebhookEvent) error {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.events = append(w.events, ev)
		return nil
	}))
	t.Cleanup(receiver.Close)
	require.NoError(t, w.srv.SendWebhooksTo(receiver.URL, secret))

	ctx := context.Background()
	w.member = w.srv.SeedMember("Ada Lovelace")
	w.card, err = w.srv.SeedPaymentMethod(w.member.ID, whop.PaymentMethodVariantCard)
	require.NoError(t, err)
	w.prod, err = w.c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: w.srv.CompanyID(), Title: "Pro"})
	require.NoError(t, err)
	w.plan, err = w.c.Plans.Create(ctx, &whop.PlanCreateParams{CompanyID: w.srv.CompanyID(), ProductID: w.prod.ID,
		PlanType: whop.Ptr(whop.PlanTypeRenewal), RenewalPrice: whop.Ptr(20.0), BillingPeriod: whop.Ptr(30),
		Metadata: map[string]any{"tier": "pro"}})
	require.NoError(t, err)
	return w
}

func (w *accessWorld) pay(t *testing.T, planID string) *whop.Payment {
	t.Helper()
	p, err := w.c.Payments.Create(context.Background(), &whop.PaymentCreateParams{CompanyID: w.srv.CompanyID(),
		PlanID: planID, MemberID: w.member.ID, PaymentMethodID: &w.card.ID})
	require.NoError(t, err)
	return p
}

// takeMembershipEvents returns the membership events received since the
// last call, decoded.
func (w *accessWorld) takeMembershipEvents(t *testing.T) []whop.WebhookEventType {
	t.Helper()
	w.mu.Lock()
	evs := w.events
	w.events = nil
	w.mu.Unlock()
	var types []whop.WebhookEventType
	for _, ev := range evs {
		if ev.Type.IsPayment() {
			continue
		}
		m, err := ev.Membership()
		require.NoError(t, err, "every membership event decodes with ev.Membership")
		require.NotEmpty(t, m.ID)
		types = append(types, ev.Type)
	}
	return types
}

func (w *accessWorld) access(t *testing.T, resource string) *whop.UserAccess {
	t.Helper()
	a, err := w.c.Users.CheckAccess(context.Background(), w.member.UserID, resource)
	require.NoError(t, err)
	return a
}

func TestMembershipLifecycleCancelAtPeriodEnd(t *testing.T) {
	w := newAccessWorld(t)
	ctx := context.Background()
	assert.False(t, w.access(t, w.prod.ID).HasAccess, "no access before paying")

	p := w.pay(t, w.plan.ID)
	require.NotNil(t, p.Membership)
	assert.Equal(t, whop.MembershipStatusActive, p.Membership.Status)
	assert.Equal(t, 20.0, *p.Total)
	assert.Equal(t, []whop.WebhookEventType{whop.WebhookEventMembershipActivated}, w.takeMembershipEvents(t))

	m, err := w.c.Memberships.Get(ctx, p.Membership.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.MembershipStatusActive, m.Status)
	assert.Equal(t, "pro", m.Plan.Metadata["tier"])
	assert.Equal(t, w.member.UserID, m.User.ID)
	periodEnd := *m.RenewalPeriodEnd
	assert.Equal(t, w.srv.Now().Add(30*24*time.Hour), periodEnd)
	a := w.access(t, w.prod.ID)
	assert.True(t, a.HasAccess)
	assert.Equal(t, whop.AccessLevelCustomer, a.AccessLevel)
	assert.True(t, w.access(t, w.srv.CompanyID()).HasAccess, "a product's customer is the company's customer")

	m, err = w.c.Memberships.Cancel(ctx, m.ID, &whop.MembershipCancelParams{CancellationMode: whop.Ptr(whop.CancellationModeAtPeriodEnd)})
	require.NoError(t, err)
	assert.Equal(t, whop.MembershipStatusCanceling, m.Status)
	assert.True(t, m.CancelAtPeriodEnd)
	assert.Equal(t, []whop.WebhookEventType{whop.WebhookEventMembershipCancelAtPeriodEndChanged}, w.takeMembershipEvents(t))

	w.srv.Advance(29 * 24 * time.Hour)
	assert.True(t, w.access(t, w.prod.ID).HasAccess, "access lasts until the period ends")
	assert.Empty(t, w.takeMembershipEvents(t))

	m, err = w.c.Memberships.Uncancel(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.MembershipStatusActive, m.Status)
	assert.False(t, m.CancelAtPeriodEnd)
	assert.Equal(t, []whop.WebhookEventType{whop.WebhookEventMembershipCancelAtPeriodEndChanged}, w.takeMembershipEvents(t))

	_, err = w.c.Memberships.Cancel(ctx, m.ID, nil) // a renewing membership cancels at period end by default
	require.NoError(t, err)
	w.takeMembershipEvents(t)
	w.srv.Advance(24*time.Hour + time.Second)
	m, err = w.c.Memberships.Get(ctx, m.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.MembershipStatusCanceled, m.Status)
	assert.Equal(t, []whop.WebhookEventType{whop.WebhookEventMembershipDeactivated}, w.takeMembershipEvents(t))
	a = w.access(t, w.prod.ID)
	assert.False(t, a.HasAccess, "deactivation ends access")
	assert.Equal(t, whop.AccessLevelNoAccess, a.AccessLevel)

	// Paying again re-activates the same membership.
	p2 := w.pay(t, w.plan.ID)
	assert.Equal(t, m.ID, p2.Membership.ID)
	assert.Equal(t, whop.MembershipStatusActive, p2.Membership.Status)
	assert.Equal(t, []whop.WebhookEventType{whop.WebhookEventMembershipActivated}, w.takeMembershipEvents(t))
	assert.True(t, w.access(t, w.prod.ID).HasAccess)
}

func TestMembershipRenewsWhenNotCanceled(t *testing.T) {
	w := newAccessWorld(t)
	p := w.pay(t, w.plan.ID)
	w.takeMembershipEvents(t)
	w.srv.Advance(31 * 24 * time.Hour)
	m, err := w.c.Memberships.Get(context.Background(), p.Membership.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.MembershipStatusActive, m.Status)
	assert.True(t, m.RenewalPeriodEnd.After(w.srv.Now()), "the period rolled forward")
	assert.Empty(t, w.takeMembershipEvents(t))
}

func TestMembershipImmediateCancelPauseResumeFreeDays(t *testing.T) {
	w := newAccessWorld(t)
	ctx := context.Background()
	p := w.pay(t, w.plan.ID)
	w.takeMembershipEvents(t)
	id := p.Membership.ID

	m, err := w.c.Memberships.Pause(ctx, id, &whop.MembershipPauseParams{VoidPayments: whop.Ptr(true)})
	require.NoError(t, err)
	assert.True(t, m.PaymentCollectionPaused)
	assert.True(t, w.access(t, w.prod.ID).HasAccess, "a paused member keeps access")
	assertTransitionRefused(t, func() error { _, err := w.c.Memberships.Pause(ctx, id, nil); return err })
	m, err = w.c.Memberships.Resume(ctx, id)
	require.NoError(t, err)
	assert.False(t, m.PaymentCollectionPaused)
	assertTransitionRefused(t, func() error { _, err := w.c.Memberships.Resume(ctx, id); return err })

	before := *m.RenewalPeriodEnd
	m, err = w.c.Memberships.AddFreeDays(ctx, id, &whop.MembershipAddFreeDaysParams{FreeDays: 10})
	require.NoError(t, err)
	assert.Equal(t, before.Add(10*24*time.Hour), *m.RenewalPeriodEnd)

	assertTransitionRefused(t, func() error { _, err := w.c.Memberships.Uncancel(ctx, id); return err })
	m, err = w.c.Memberships.Cancel(ctx, id, &whop.MembershipCancelParams{CancellationMode: whop.Ptr(whop.CancellationModeImmediate)})
	require.NoError(t, err)
	assert.Equal(t, whop.MembershipStatusCanceled, m.Status)
	assert.NotNil(t, m.CanceledAt)
	assert.Equal(t, []whop.WebhookEventType{whop.WebhookEventMembershipDeactivated}, w.takeMembershipEvents(t))
	assert.False(t, w.access(t, w.prod.ID).HasAccess)

	for name, call := range map[string]func() error{
		"cancel": func() error { _, err := w.c.Memberships.Cancel(ctx, id, nil); return err },
		"pause":  func() error { _, err := w.c.Memberships.Pause(ctx, id, nil); return err },
		"free": func() error {
			_, err := w.c.Memberships.AddFreeDays(ctx, id, &whop.MembershipAddFreeDaysParams{FreeDays: 1})
			return err
		},
		"uncancel": func() error { _, err := w.c.Memberships.Uncancel(ctx, id); return err },
	} {
		t.Run(name, func(t *testing.T) { assertTransitionRefused(t, call) })
	}
	assert.Empty(t, w.takeMembershipEvents(t), "a refused transition emits nothing")

	_, err = w.c.Memberships.Get(ctx, "mem_missing")
	assert.ErrorIs(t, err, whop.ErrNotFound)
}

func TestMembershipOneTimeExpires(t *testing.T) {
	w := newAccessWorld(t)
	ctx := context.Background()
	pl, err := w.c.Plans.Create(ctx, &whop.PlanCreateParams{CompanyID: w.srv.CompanyID(), ProductID: w.prod.ID,
		PlanType: whop.Ptr(whop.PlanTypeOneTime), InitialPrice: whop.Ptr(50.0), ExpirationDays: whop.Ptr(7)})
	require.NoError(t, err)
	p := w.pay(t, pl.ID)
	w.takeMembershipEvents(t)
	assertTransitionRefused(t, func() error {
		_, err := w.c.Memberships.Cancel(ctx, p.Membership.ID, &whop.MembershipCancelParams{CancellationMode: whop.Ptr(whop.CancellationModeAtPeriodEnd)})
		return err
	})
	_, err = w.c.Memberships.AddFreeDays(ctx, p.Membership.ID, &whop.MembershipAddFreeDaysParams{FreeDays: 3})
	require.NoError(t, err)
	w.srv.Advance(9 * 24 * time.Hour)
	assert.True(t, w.access(t, w.prod.ID).HasAccess, "free days pushed the expiry to day 10")
	w.srv.Advance(24*time.Hour + time.Second)
	assert.False(t, w.access(t, w.prod.ID).HasAccess)
	m, err := w.c.Memberships.Get(ctx, p.Membership.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.MembershipStatusExpired, m.Status)
	assert.Equal(t, []whop.WebhookEventType{whop.WebhookEventMembershipDeactivated}, w.takeMembershipEvents(t))
}

func TestMembershipsListAndUpdate(t *testing.T) {
	w := newAccessWorld(t)
	ctx := context.Background()
	p := w.pay(t, w.plan.ID)
	other := w.srv.SeedMember("Bob")
	_, err := w.srv.SeedPaymentMethod(other.ID, whop.PaymentMethodVariantCard)
	require.NoError(t, err)
	_, err = w.c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: w.srv.CompanyID(), PlanID: w.plan.ID, MemberID: other.ID})
	require.NoError(t, err)

	page, err := w.c.Memberships.List(ctx, &whop.MembershipListParams{CompanyID: w.srv.CompanyID(), UserIDs: []string{w.member.UserID}})
	require.NoError(t, err)
	require.Len(t, page.Data, 1)
	assert.Equal(t, p.Membership.ID, page.Data[0].ID)
	n := 0
	for m, err := range w.c.Memberships.ListAll(ctx, &whop.MembershipListParams{Statuses: []whop.MembershipStatus{whop.MembershipStatusActive}}) {
		require.NoError(t, err)
		assert.Equal(t, w.plan.ID, m.Plan.ID)
		n++
	}
	assert.Equal(t, 2, n)

	m, err := w.c.Memberships.Update(ctx, p.Membership.ID, &whop.MembershipUpdateParams{Metadata: whop.Value(map[string]any{"hwid": "abc"})})
	require.NoError(t, err)
	assert.Equal(t, "abc", m.Metadata["hwid"])
	m, err = w.c.Memberships.Update(ctx, p.Membership.ID, &whop.MembershipUpdateParams{})
	require.NoError(t, err)
	assert.Equal(t, "abc", m.Metadata["hwid"], "absent metadata is left alone")
	m, err = w.c.Memberships.Update(ctx, p.Membership.ID, &whop.MembershipUpdateParams{Metadata: whop.Null[map[string]any]()})
	require.NoError(t, err)
	assert.Nil(t, m.Metadata)
}

// assertTransitionRefused checks that call failed with the API's 422
// error object.
func assertTransitionRefused(t *testing.T, call func() error) {
	t.Helper()
	err := call()
	var apiErr *whop.APIError
	require.True(t, errors.As(err, &apiErr), "want an *APIError, got %v", err)
	assert.Equal(t, http.StatusUnprocessableEntity, apiErr.StatusCode)
	assert.Equal(t, "membership_invalid_transition", apiErr.Code)
	assert.NotEmpty(t, apiErr.Message)
	assert.ErrorIs(t, err, whop.ErrUnprocessable)
}
