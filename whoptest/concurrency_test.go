package whoptest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// A call answers only once its own webhooks are delivered, even when a
// concurrent call took them from the queue and is still delivering them.
func TestWebhooksDeliveredBeforeAnswerUnderConcurrency(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()

	got, unblock := make(chan struct{}), make(chan struct{})
	var gotOnce sync.Once
	recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		// The first delivery (payment.created) waits until the test lets
		// it go.
		first := false
		gotOnce.Do(func() { first = true; close(got) })
		if first {
			<-unblock
		}
		rw.WriteHeader(http.StatusOK)
	}))
	defer recv.Close()
	require.NoError(t, w.srv.SendWebhooksTo(recv.URL, "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ="))

	paused, resume := make(chan struct{}), make(chan struct{})
	var pauseOnce sync.Once
	waiting := make(chan struct{}, 1)
	w.srv.SetTestHooks(func(r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == whoptest.BasePath+"/payments" {
			pauseOnce.Do(func() { close(paused); <-resume })
		}
	}, func() {
		select {
		case waiting <- struct{}{}:
		default:
		}
	})

	type result struct {
		p    *whop.Payment
		err  error
		seen []whoptest.Delivery
	}
	aDone := make(chan result, 1)
	go func() {
		p, err := w.c.Payments.Create(ctx, &whop.PaymentCreateParams{
			CompanyID: w.srv.CompanyID(), PlanID: w.planID, MemberID: w.member.ID, PaymentMethodID: &w.card.ID})
		aDone <- result{p, err, w.srv.Deliveries()}
	}()
	<-paused // the payment exists, its events are queued, not yet sent

	// Another call takes the queued events and starts delivering them.
	bDone := make(chan error, 1)
	go func() {
		_, err := w.c.Products.List(ctx, &whop.ProductListParams{CompanyID: w.srv.CompanyID()})
		bDone <- err
	}()
	<-got
	close(resume)
	select {
	case res := <-aDone:
		close(unblock)
		t.Fatalf("POST /payments answered (%v) while its payment.created was still being delivered", res.err)
	case <-waiting:
	}
	close(unblock)
	res := <-aDone
	require.NoError(t, res.err)
	require.NoError(t, <-bDone)
	var types []whop.WebhookEventType
	for _, d := range res.seen {
		types = append(types, d.Type)
	}
	require.NotEmpty(t, res.seen)
	assert.True(t, bytes.Contains(res.seen[0].Body, []byte(res.p.ID)))
	assert.Equal(t, []whop.WebhookEventType{whop.WebhookEventPaymentCreated, whop.WebhookEventMembershipActivated,
		whop.WebhookEventPaymentSucceeded}, types, "every webhook of the payment was delivered before it answered")
}

// A webhook receiver may call the fake, even a call that emits webhooks
// of its own, while its delivery is in progress: neither call waits for
// the other.
func TestWebhookReceiverCallsBackIntoTheFake(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	var mu sync.Mutex
	var canceled []string
	recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var ev whop.WebhookEvent
		if err := json.NewDecoder(r.Body).Decode(&ev); err == nil && ev.Type == whop.WebhookEventMembershipActivated {
			var m whop.Membership
			if json.Unmarshal(ev.Data, &m) == nil {
				got, err := w.c.Memberships.Cancel(r.Context(), m.ID, &whop.MembershipCancelParams{
					CancellationMode: whop.Ptr(whop.CancellationModeImmediate)})
				if err == nil {
					mu.Lock()
					canceled = append(canceled, string(got.Status))
					mu.Unlock()
				}
			}
		}
		rw.WriteHeader(http.StatusOK)
	}))
	defer recv.Close()
	require.NoError(t, w.srv.SendWebhooksTo(recv.URL, "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ="))

	p := w.pay(t)
	mu.Lock()
	assert.Equal(t, []string{string(whop.MembershipStatusCanceled)}, canceled, "the receiver's call was served during the delivery")
	mu.Unlock()
	m, err := w.c.Memberships.Get(ctx, p.Membership.ID)
	require.NoError(t, err)
	assert.Equal(t, whop.MembershipStatusCanceled, m.Status)
	var types []whop.WebhookEventType
	for _, d := range w.srv.Deliveries() {
		types = append(types, d.Type)
	}
	assert.Contains(t, types, whop.WebhookEventMembershipDeactivated)
}

// Close cuts short a delivery to a receiver that never answers, releases
// held requests, and leaves no goroutine of the fake running.
func TestCloseStopsDeliveriesAndLeaksNothing(t *testing.T) {
	leaks := goleak.IgnoreCurrent()
	arrived := make(chan struct{})
	var arrivedOnce sync.Once
	recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // so the server notices the sender hang up
		arrivedOnce.Do(func() { close(arrived) })
		<-r.Context().Done() // never answers; the sender gives up
	}))

	srv := whoptest.New()
	srv.Start()
	c := srv.Client()
	m := srv.SeedMember("Grace Hopper")
	card, err := srv.SeedPaymentMethod(m.ID, whop.PaymentMethodVariantCard)
	require.NoError(t, err)
	prod, err := c.Products.Create(context.Background(), &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Course"})
	require.NoError(t, err)
	planID, err := srv.SeedPlan(prod.ID, 10, whop.CurrencyUSD)
	require.NoError(t, err)
	require.NoError(t, srv.SendWebhooksTo(recv.URL, "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ="))
	hold, err := srv.HoldNextOn(http.MethodGet, "/products/{id}")
	require.NoError(t, err)

	done := make(chan error, 2)
	go func() {
		_, err := c.Payments.Create(context.Background(), &whop.PaymentCreateParams{
			CompanyID: srv.CompanyID(), PlanID: planID, MemberID: m.ID, PaymentMethodID: &card.ID})
		done <- err
	}()
	go func() {
		_, err := c.Products.Get(context.Background(), prod.ID)
		done <- err
	}()
	<-arrived
	<-hold.Arrived()
	srv.Close() // returns: the delivery is cut short, the hold released
	<-done
	<-done
	recv.Close()
	ds := srv.Deliveries()
	require.NotEmpty(t, ds)
	assert.ErrorIs(t, ds[0].Err, context.Canceled, "the delivery in progress was cut short by Close, not by its timeout")

	var leaked error
	for range 200 { // goleak.Find itself waits and retries
		if leaked = goleak.Find(leaks); leaked == nil {
			break
		}
	}
	assert.NoError(t, leaked)
}

// Many clients at once, on one server: payments made and refunded in
// parts, memberships cancelled, invoices created and paid, full list
// walks, injected faults and held requests, with every webhook delivered.
// Run under -race; the totals must add up at the end.
func TestStressConcurrentRoutes(t *testing.T) {
	srv := whoptest.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	var delivered sync.Map // the IDs of the events received
	recv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		var ev whop.WebhookEvent
		if json.NewDecoder(r.Body).Decode(&ev) == nil {
			delivered.Store(ev.ID, true)
		}
		rw.WriteHeader(http.StatusOK)
	}))
	defer recv.Close()
	require.NoError(t, srv.SendWebhooksTo(recv.URL, "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXQ="))
	prod, err := c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: srv.CompanyID(), Title: "Stress"})
	require.NoError(t, err)
	planID, err := srv.SeedPlan(prod.ID, 50, whop.CurrencyUSD)
	require.NoError(t, err)

	const workers, rounds = 6, 4
	due := srv.Now().Add(30 * 24 * time.Hour)
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds*8)
	for i := range workers {
		m := srv.SeedMember("Member " + string(rune('A'+i)))
		card, err := srv.SeedPaymentMethod(m.ID, whop.PaymentMethodVariantCard)
		require.NoError(t, err)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range rounds {
				// A fault on the route makes the client retry under its key.
				if i == 0 && r == 1 {
					_ = srv.FailNextOn(http.MethodPost, "/payments/{id}/refund", 1, http.StatusServiceUnavailable, nil)
				}
				p, err := c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: srv.CompanyID(), PlanID: planID,
					MemberID: m.ID, PaymentMethodID: &card.ID})
				if err != nil {
					errs <- err
					continue
				}
				for range 2 {
					if _, err := c.Payments.Refund(ctx, p.ID, &whop.PaymentRefundParams{PartialAmount: whop.Ptr(10.0)}); err != nil {
						errs <- err
					}
				}
				if r == rounds-1 {
					if _, err := c.Memberships.Cancel(ctx, p.Membership.ID, &whop.MembershipCancelParams{
						CancellationMode: whop.Ptr(whop.CancellationModeImmediate)}); err != nil {
						errs <- err
					}
				}
				inv, err := c.Invoices.Create(ctx, &whop.InvoiceCreateParams{CompanyID: srv.CompanyID(),
					CollectionMethod: whop.CollectionMethodSendInvoice, ProductID: prod.ID, MemberID: &m.ID,
					DueDate: &due, Plan: whop.InvoicePlanParams{InitialPrice: whop.Ptr(5.0)}})
				if err != nil {
					errs <- err
					continue
				}
				if err := c.Invoices.MarkPaid(ctx, inv.ID); err != nil {
					errs <- err
				}
				seen := map[string]bool{}
				for pay, err := range c.Payments.ListAll(ctx, &whop.PaymentListParams{CompanyID: srv.CompanyID(), ListParams: whop.ListParams{First: 3}}) {
					if err != nil {
						errs <- err
						break
					}
					if seen[pay.ID] {
						t.Errorf("ListAll visited %s twice", pay.ID)
					}
					seen[pay.ID] = true
				}
			}
		}()
	}
	// A held request in the middle of it all, released while others run.
	hold, err := srv.HoldNextOn(http.MethodGet, "/memberships")
	require.NoError(t, err)
	wg.Add(1)
	go func() {
		defer wg.Done()
		if _, err := c.Memberships.List(ctx, &whop.MembershipListParams{CompanyID: srv.CompanyID()}); err != nil {
			errs <- err
		}
	}()
	<-hold.Arrived()
	hold.Release()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

	var payments, refunded int
	for p, err := range c.Payments.ListAll(ctx, &whop.PaymentListParams{CompanyID: srv.CompanyID()}) {
		require.NoError(t, err)
		payments++
		assert.Equal(t, 20.0, *p.RefundedAmount, "payment %s: two partial refunds of 10 each, no more", p.ID)
	}
	assert.Equal(t, workers*rounds, payments)
	for rf, err := range c.Refunds.ListAll(ctx, &whop.RefundListParams{CompanyID: srv.CompanyID()}) {
		require.NoError(t, err)
		assert.Equal(t, 10.0, rf.Amount)
		refunded++
	}
	assert.Equal(t, 2*workers*rounds, refunded, "one refund per call, a retried call not refunded twice")
	ms, err := c.Memberships.List(ctx, &whop.MembershipListParams{CompanyID: srv.CompanyID(), ListParams: whop.ListParams{First: 100}})
	require.NoError(t, err)
	assert.Len(t, ms.Data, workers)
	for _, m := range ms.Data {
		assert.Equal(t, whop.MembershipStatusCanceled, m.Status)
	}
	ds := srv.Deliveries()
	n := 0
	delivered.Range(func(_, _ any) bool { n++; return true })
	assert.Equal(t, len(ds), n, "every delivery reached the receiver once")
	for _, d := range ds {
		assert.Equal(t, http.StatusOK, d.StatusCode)
	}
}
