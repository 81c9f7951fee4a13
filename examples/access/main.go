// Command access grants and revokes access to a product from Whop's
// membership webhooks, and answers "may this user see this product?" with
// Users.CheckAccess.
//
// Against the real API, with an API key and the webhook endpoint's secret:
//
//	WHOP_API_KEY=... WHOP_WEBHOOK_SECRET=ws_... go run ./examples/access -addr localhost:8080
//
// It then serves POST /webhooks/whop (point a Whop webhook at it) and
// GET /access?user=user_...&resource=prod_... .
//
// Without WHOP_API_KEY it runs the whole story once against the in-memory
// whoptest API and exits: a member pays for a monthly plan, the
// membership.activated webhook grants access, the member cancels at the
// end of the period and keeps access until then, and when the fake's
// clock passes the period end, membership.deactivated revokes it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

const webhookPath = "/webhooks/whop"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "access:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("access", flag.ContinueOnError)
	fs.SetOutput(out)
	addr := fs.String("addr", "localhost:8080", "address to serve on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(out, nil))
	if getenv("WHOP_API_KEY") == "" {
		logger.Info("WHOP_API_KEY is not set: running the demo against whoptest")
		return demo(ctx, logger)
	}
	secret := getenv("WHOP_WEBHOOK_SECRET")
	if secret == "" {
		return errors.New("WHOP_WEBHOOK_SECRET is required to verify webhooks")
	}
	client, err := whop.NewClient() // reads WHOP_API_KEY (and WHOP_BASE_URL)
	if err != nil {
		return err
	}
	v, err := whop.NewWebhookVerifier(secret)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	logger.Info("listening", "webhooks", "http://"+ln.Addr().String()+webhookPath, "access", "http://"+ln.Addr().String()+"/access")
	mux, err := newApp(client, v, logger).mux()
	if err != nil {
		return err
	}
	return serveOn(ctx, ln, mux)
}

// grants is the application's own record of who may use what, kept in
// step with Whop by the membership webhooks. A real service would keep it
// in its database.
type grants struct {
	mu sync.Mutex
	m  map[[2]string]bool // (user ID, product ID)
}

func (g *grants) set(userID, productID string, ok bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if ok {
		g.m[[2]string{userID, productID}] = true
	} else {
		delete(g.m, [2]string{userID, productID})
	}
}

func (g *grants) has(userID, productID string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.m[[2]string{userID, productID}]
}

type app struct {
	client *whop.Client
	v      *whop.WebhookVerifier
	logger *slog.Logger
	grants grants
}

func newApp(client *whop.Client, v *whop.WebhookVerifier, logger *slog.Logger) *app {
	return &app{client: client, v: v, logger: logger, grants: grants{m: map[[2]string]bool{}}}
}

// mux routes the webhook endpoint and the access check. It fails at
// start-up, not at the first delivery, if the webhook handler is
// misconfigured.
func (a *app) mux() (*http.ServeMux, error) {
	webhooks, err := whop.NewWebhookHandler(a.v, a.onEvent,
		whop.WithWebhookDeduplication(nil), whop.WithWebhookLogger(a.logger))
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("POST "+webhookPath, webhooks)
	mux.HandleFunc("GET /access", a.checkAccess)
	return mux, nil
}

// onEvent receives verified events only. membership.activated grants
// access to the membership's product, membership.deactivated revokes it.
// Returning an error makes Whop deliver the event again later.
func (a *app) onEvent(ctx context.Context, ev *whop.WebhookEvent) error {
	switch ev.Type {
	case whop.WebhookEventMembershipActivated, whop.WebhookEventMembershipDeactivated,
		whop.WebhookEventMembershipCancelAtPeriodEndChanged:
	default:
		return nil
	}
	m, err := ev.Membership()
	if err != nil {
		return err
	}
	if m.User == nil {
		return nil // the user's account was deleted
	}
	switch ev.Type {
	case whop.WebhookEventMembershipActivated:
		a.grants.set(m.User.ID, m.Product.ID, true)
		a.logger.InfoContext(ctx, "access granted", "user", m.User.ID, "product", m.Product.ID, "membership", m.ID)
	case whop.WebhookEventMembershipDeactivated:
		a.grants.set(m.User.ID, m.Product.ID, false)
		a.logger.InfoContext(ctx, "access revoked", "user", m.User.ID, "product", m.Product.ID, "status", string(m.Status))
	default:
		a.logger.InfoContext(ctx, "cancellation changed", "membership", m.ID,
			"cancel_at_period_end", m.CancelAtPeriodEnd, "status", string(m.Status))
	}
	return nil
}

// checkAccess answers GET /access?user=...&resource=... from Whop itself,
// with the application's webhook-fed record beside it.
func (a *app) checkAccess(w http.ResponseWriter, r *http.Request) {
	user, resource := r.URL.Query().Get("user"), r.URL.Query().Get("resource")
	acc, err := a.client.Users.CheckAccess(r.Context(), user, resource)
	var pe *whop.ParamError
	switch {
	case errors.As(err, &pe):
		http.Error(w, pe.Error(), http.StatusBadRequest)
		return
	case errors.Is(err, whop.ErrNotFound):
		http.Error(w, "no such user or resource", http.StatusNotFound)
		return
	case err != nil:
		a.logger.ErrorContext(r.Context(), "checking access", "err", err)
		http.Error(w, "could not check access", http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"has_access": acc.HasAccess, "access_level": acc.AccessLevel, "granted_by_webhook": a.grants.has(user, resource),
	})
}

// serveOn serves until ctx is done, then shuts down gracefully.
func serveOn(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// demo plays the whole story against whoptest, which signs and delivers
// its webhooks to this program's own handler.
func demo(ctx context.Context, logger *slog.Logger) error {
	const secret = "ws_demo_only_not_a_real_secret"
	fake := whoptest.New()
	fake.Start()
	defer fake.Close()
	client, err := fake.NewClient()
	if err != nil {
		return err
	}
	// The verifier judges webhook timestamps by the fake's clock, which
	// the demo moves forward a month.
	v, err := whop.NewWebhookVerifier(secret, whop.WithWebhookClock(fake.Now))
	if err != nil {
		return err
	}
	a := newApp(client, v, logger)
	mux, err := a.mux()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- serveOn(ctx, ln, mux) }()
	base := "http://" + ln.Addr().String()
	err = story(ctx, fake, client, a, base, secret, logger)
	cancel()
	return errors.Join(err, <-served)
}

func story(ctx context.Context, fake *whoptest.Server, c *whop.Client, a *app, base, secret string, logger *slog.Logger) error {
	if err := fake.SendWebhooksTo(base+webhookPath, secret); err != nil {
		return err
	}
	ada := fake.SeedMember("Ada Lovelace")
	card, err := fake.SeedPaymentMethod(ada.ID, whop.PaymentMethodVariantCard)
	if err != nil {
		return err
	}
	prod, err := c.Products.Create(ctx, &whop.ProductCreateParams{CompanyID: fake.CompanyID(), Title: "Pickaxe Pro"})
	if err != nil {
		return err
	}
	plan, err := c.Plans.Create(ctx, &whop.PlanCreateParams{CompanyID: fake.CompanyID(), ProductID: prod.ID,
		PlanType: whop.Ptr(whop.PlanTypeRenewal), RenewalPrice: whop.Ptr(20.0), BillingPeriod: whop.Ptr(30)})
	if err != nil {
		return err
	}
	ask := func(when string) error {
		res, err := http.Get(base + "/access?user=" + ada.UserID + "&resource=" + prod.ID)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		var ans struct {
			HasAccess        bool   `json:"has_access"`
			AccessLevel      string `json:"access_level"`
			GrantedByWebhook bool   `json:"granted_by_webhook"`
		}
		if err := json.NewDecoder(res.Body).Decode(&ans); err != nil {
			return err
		}
		if ans.HasAccess != ans.GrantedByWebhook {
			return fmt.Errorf("%s: the API says %v but the webhooks say %v", when, ans.HasAccess, ans.GrantedByWebhook)
		}
		logger.Info("may Ada see Pickaxe Pro?", "when", when, "has_access", ans.HasAccess, "access_level", ans.AccessLevel)
		return nil
	}

	if err := ask("before paying"); err != nil {
		return err
	}
	pay, err := c.Payments.Create(ctx, &whop.PaymentCreateParams{CompanyID: fake.CompanyID(), PlanID: plan.ID,
		MemberID: ada.ID, PaymentMethodID: &card.ID})
	if err != nil {
		return err
	}
	logger.Info("paid", "payment", pay.ID, "membership", pay.Membership.ID, "status", string(pay.Membership.Status))
	if err := ask("after paying"); err != nil {
		return err
	}

	m, err := c.Memberships.Cancel(ctx, pay.Membership.ID, &whop.MembershipCancelParams{
		CancellationMode: whop.Ptr(whop.CancellationModeAtPeriodEnd)})
	if err != nil {
		return err
	}
	logger.Info("canceled at period end", "status", string(m.Status), "period_end", m.RenewalPeriodEnd.Format(time.DateOnly))
	if err := ask("after canceling, before the period ends"); err != nil {
		return err
	}

	fake.Advance(31 * 24 * time.Hour)
	m, err = c.Memberships.Get(ctx, m.ID)
	if err != nil {
		return err
	}
	logger.Info("a month later", "status", string(m.Status))
	if err := ask("after the period ended"); err != nil {
		return err
	}
	logger.Info("webhooks delivered", "deliveries", len(fake.Deliveries()))
	return nil
}
