// Command wallet-token is the backend half of Whop's browser WalletSession:
// it serves a page that starts a wallet session and the /api/wallet-token
// endpoint the session fetches its access token from.
//
// Usage:
//
//	WHOP_API_KEY=... WHOP_COMPANY_ID=biz_... go run ./examples/wallet-token [-addr 127.0.0.1:8080]
//
// Without WHOP_API_KEY it mints tokens from an in-process whoptest fake.
//
// A wallet token acts on the company's money, so the endpoint mints one only
// for a member of the company's staff, and narrows it to the scoped actions
// the wallet and payout elements need. Sign-in here is a toy: the server
// prints two login links at start-up, one for a staff member (who gets a
// token) and one for a customer (who is refused with 403). Replace it with
// your application's own sessions and roles.
package main

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/gowhop/whop"
	"github.com/gowhop/whop/whoptest"
)

//go:embed index.html
var indexHTML string

var indexPage = template.Must(template.New("index").Parse(indexHTML))

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()

	client, companyID, cleanup, err := connect()
	if err != nil {
		fatal(err)
	}
	defer cleanup()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, *addr, client, companyID); err != nil {
		fatal(err)
	}
}

// connect returns a client for the real API when WHOP_API_KEY is set, or
// for an in-process whoptest fake (whose tokens are only JWT-shaped)
// otherwise.
func connect() (*whop.Client, string, func(), error) {
	if os.Getenv(whop.EnvAPIKey) != "" {
		companyID := os.Getenv("WHOP_COMPANY_ID")
		if companyID == "" {
			return nil, "", nil, errors.New("set WHOP_COMPANY_ID to the company (biz_...) whose wallet to show")
		}
		client, err := whop.NewClient() // reads WHOP_API_KEY
		return client, companyID, func() {}, err
	}
	fmt.Fprintln(os.Stderr, "WHOP_API_KEY is not set: minting tokens from an in-memory whoptest server")
	srv := whoptest.New()
	srv.Start()
	client, err := srv.NewClient()
	if err != nil {
		srv.Close()
		return nil, "", nil, err
	}
	return client, srv.CompanyID(), srv.Close, nil
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "wallet-token:", err)
	os.Exit(1)
}

// run serves the example on addr until ctx is cancelled, minting tokens for
// companyID through client.
func run(ctx context.Context, addr string, client *whop.Client, companyID string) error {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	auth, err := newDemoAuth()
	if err != nil {
		return err
	}

	mux, err := newMux(client, companyID, auth, logger)
	if err != nil {
		return err // e.g. an empty company ID: refused before listening
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdownCtx)
	}()

	base := "http://" + ln.Addr().String()
	logger.Info("serving the wallet example", "page", base+"/",
		"sign_in_as_staff", base+"/login?code="+auth.staff.code,
		"sign_in_as_customer", base+"/login?code="+auth.customer.code)
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// walletActions are the scoped actions Whop's wallet and payout elements
// need: the balance, activity, payout destinations and withdrawals. A
// read-only page would leave out the last two.
func walletActions() []string {
	return []string{
		"company:balance:read", "stats:read",
		"payout:destination:read", "payout:withdrawal:read",
		"payout:create_destination", "payout:withdraw_funds",
	}
}

// newMux routes the page, the toy sign-in and the token endpoint. A
// misconfigured token endpoint is an error here, at start-up.
func newMux(client *whop.Client, companyID string, auth *demoAuth, logger *slog.Logger) (*http.ServeMux, error) {
	wallet, err := whop.NewWalletTokenHandler(client, companyID,
		// Only the company's staff may see its wallet.
		whop.WithWalletAuthorizer(auth.authorize),
		// Runs once the authorizer has admitted the request; company_id is
		// already set. Without it the token would carry every permission
		// of the API key on the company.
		whop.WithWalletTokenParams(func(r *http.Request, p *whop.AccessTokenCreateParams) error {
			p.ScopedActions = walletActions()
			return nil
		}),
		whop.WithWalletLogger(logger),
	)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/api/wallet-token", wallet)
	mux.HandleFunc("GET /login", auth.login)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := indexPage.Execute(w, struct{ CompanyID string }{companyID}); err != nil {
			logger.Error("rendering the page", "error", err)
		}
	})
	return mux, nil
}

// demoAuth is a stand-in for real authentication, just enough to show
// where the application's own check plugs into NewWalletTokenHandler: two
// demo users, each with a random login code printed at start-up that is
// exchanged for that user's session cookie. It is not a login system; use
// your application's sessions and roles instead.
type demoAuth struct {
	staff    demoUser // a member of the company's staff: gets a token
	customer demoUser // signed in, but not staff: refused with 403
}

// demoUser is one demo account: its login code and its session cookie value.
type demoUser struct {
	code, session string
}

const demoSessionCookie = "demo_session"

func newDemoAuth() (*demoAuth, error) {
	var a demoAuth
	for _, s := range []*string{&a.staff.code, &a.staff.session, &a.customer.code, &a.customer.session} {
		v, err := randomHex()
		if err != nil {
			return nil, err
		}
		*s = v
	}
	return &a, nil
}

func randomHex() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// login exchanges a printed code for its user's session cookie.
func (a *demoAuth) login(w http.ResponseWriter, r *http.Request) {
	code := r.URL.Query().Get("code")
	var session string
	switch {
	case equal(code, a.staff.code):
		session = a.staff.session
	case equal(code, a.customer.code):
		session = a.customer.session
	default:
		http.Error(w, "wrong login code", http.StatusForbidden)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name:     demoSessionCookie,
		Value:    session,
		Path:     "/",
		HttpOnly: true,
		SameSite: http.SameSiteStrictMode,
		// Secure is off only because the example serves plain HTTP on
		// localhost; behind HTTPS set it.
	})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// authorize is the check the wallet-token handler runs before minting. Being
// signed in is not enough: the wallet is the company's money, so only its
// staff get a token. A real application would look up the session and the
// user's role in the company here.
func (a *demoAuth) authorize(r *http.Request) error {
	c, err := r.Cookie(demoSessionCookie)
	switch {
	case err != nil:
		return whop.ErrWalletUnauthenticated
	case equal(c.Value, a.staff.session):
		return nil
	case equal(c.Value, a.customer.session):
		return fmt.Errorf("signed in, but not the company's staff: %w", whop.ErrWalletForbidden)
	}
	return whop.ErrWalletUnauthenticated
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }
