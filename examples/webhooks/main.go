// Command webhooks receives Whop webhooks with net/http: it verifies each
// delivery and logs payment events.
//
// Serve, with the endpoint secret from Whop's dashboard:
//
//	WHOP_WEBHOOK_SECRET=ws_... go run ./examples/webhooks -addr localhost:8080
//
// From another terminal, sign a sample payment.succeeded event with the same
// secret and post it, as Whop would:
//
//	WHOP_WEBHOOK_SECRET=ws_... go run ./examples/webhooks -send http://localhost:8080/webhooks/whop
//
// Without WHOP_WEBHOOK_SECRET it runs both halves once, on a loopback port
// with a throwaway secret, then lets the in-memory whoptest API charge a
// payment and deliver its signed webhooks to the same receiver, and exits.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

const webhookPath = "/webhooks/whop"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "webhooks:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("webhooks", flag.ContinueOnError)
	fs.SetOutput(out)
	addr := fs.String("addr", "localhost:8080", "address to serve on")
	sendTo := fs.String("send", "", "sign a sample event and POST it to this URL instead of serving")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(out, nil))

	secret := getenv("WHOP_WEBHOOK_SECRET")
	if secret == "" {
		if *sendTo != "" {
			return errors.New("-send needs WHOP_WEBHOOK_SECRET, the secret the receiver verifies with")
		}
		logger.Info("WHOP_WEBHOOK_SECRET is not set: running a one-off demo with a throwaway secret")
		return demo(ctx, logger)
	}

	v, err := whop.NewWebhookVerifier(secret)
	if err != nil {
		return err
	}
	if *sendTo != "" {
		return send(ctx, http.DefaultClient, v, *sendTo, logger)
	}
	return serve(ctx, *addr, v, logger)
}

// newMux mounts the webhook handler. Deduplication answers Whop's
// redeliveries of an event we already handled without handling it again.
// A misconfigured handler is an error here, at start-up.
func newMux(v *whop.WebhookVerifier, logger *slog.Logger) (*http.ServeMux, error) {
	h, err := whop.NewWebhookHandler(v, logPayments(logger),
		whop.WithWebhookDeduplication(nil),
		whop.WithWebhookLogger(logger),
	)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle(webhookPath, h)
	return mux, nil
}

// logPayments is the application's part: it receives only verified events.
// Returning an error makes Whop deliver the event again later.
func logPayments(logger *slog.Logger) func(ctx context.Context, ev *whop.WebhookEvent) error {
	return func(ctx context.Context, ev *whop.WebhookEvent) error {
		if !ev.Type.IsPayment() {
			logger.InfoContext(ctx, "ignoring event", "type", string(ev.Type), "webhook_id", ev.ID)
			return nil
		}
		pay, err := ev.Payment()
		if err != nil {
			return err
		}
		switch ev.Type {
		case whop.WebhookEventPaymentSucceeded:
			logger.InfoContext(ctx, "payment succeeded", "payment_id", pay.ID, "company_id", ev.CompanyID)
		case whop.WebhookEventPaymentFailed:
			logger.WarnContext(ctx, "payment failed", "payment_id", pay.ID, "company_id", ev.CompanyID)
		default:
			logger.InfoContext(ctx, "payment event", "type", string(ev.Type), "payment_id", pay.ID)
		}
		return nil
	}
}

func serve(ctx context.Context, addr string, v *whop.WebhookVerifier, logger *slog.Logger) error {
	mux, err := newMux(v, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	logger.Info("listening", "url", "http://"+ln.Addr().String()+webhookPath)
	return serveOn(ctx, ln, mux)
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

// sampleEvent is a payment.succeeded envelope shaped like Whop's.
func sampleEvent(id string, at time.Time) []byte {
	return []byte(`{"id":"` + id + `","api_version":"v1","api_version_date":null,` +
		`"company_id":"biz_demo00000000","timestamp":"` + at.UTC().Format(time.RFC3339Nano) + `",` +
		`"type":"payment.succeeded","data":{"id":"pay_demo00000000","status":"paid",` +
		`"substatus":"succeeded","currency":"usd","total":29.99,"subtotal":29.99}}`)
}

// send signs a sample event with v's secret and posts it, as Whop would.
func send(ctx context.Context, client *http.Client, v *whop.WebhookVerifier, url string, logger *slog.Logger) error {
	now := time.Now()
	id := "msg_demo" + strconv.FormatInt(now.UnixNano(), 36)
	body := sampleEvent(id, now)

	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(whop.WebhookHeaderID, id)
	req.Header.Set(whop.WebhookHeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
	req.Header.Set(whop.WebhookHeaderSignature, v.Sign(id, now, body))

	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	reply, _ := io.ReadAll(io.LimitReader(res.Body, 1024))
	logger.Info("sent sample event", "webhook_id", id, "status", res.StatusCode)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("receiver answered %s: %s", res.Status, bytes.TrimSpace(reply))
	}
	return nil
}

// demo runs a receiver on a loopback port, sends it one signed event and
// stops.
func demo(ctx context.Context, logger *slog.Logger) error {
	const secret = "ws_demo_only_not_a_real_secret"
	v, err := whop.NewWebhookVerifier(secret)
	if err != nil {
		return err
	}
	mux, err := newMux(v, logger)
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
	url := "http://" + ln.Addr().String() + webhookPath

	// First the sender half of this program: one hand-signed sample.
	err = send(ctx, &http.Client{Timeout: 10 * time.Second}, v, url, logger)
	// Then the whoptest fake plays Whop: a payment made through the SDK
	// makes it sign and deliver payment.created and payment.succeeded.
	if err == nil {
		err = chargeThroughFake(ctx, url, secret, logger)
	}
	cancel()
	return errors.Join(err, <-served)
}

// chargeThroughFake starts an in-memory whoptest API that delivers its
// webhooks to url, and charges a seeded member through the SDK.
func chargeThroughFake(ctx context.Context, url, secret string, logger *slog.Logger) error {
	srv := whoptest.New()
	srv.Start()
	defer srv.Close()
	world := srv.SeedDemo()
	if err := srv.SendWebhooksTo(url, secret); err != nil {
		return err
	}
	client, err := srv.NewClient()
	if err != nil {
		return err
	}
	p, err := client.Payments.Create(ctx, &whop.PaymentCreateParams{
		CompanyID: world.CompanyID, PlanID: world.PlanIDs[0], MemberID: world.Members[0].ID,
	})
	if err != nil {
		return err
	}
	logger.Info("whoptest charged a payment and delivered its webhooks", "payment_id", p.ID, "deliveries", len(srv.Deliveries()))
	return nil
}
