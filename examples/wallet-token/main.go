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
// The endpoint only mints tokens for a signed-in visitor. Sign-in here is a
// toy: the server prints a one-off login link at start-up, and following it
// sets a session cookie. Replace it with your application's own sessions.
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

	mux := http.NewServeMux()
	mux.Handle("/api/wallet-token", whop.WalletTokenHandler(client, companyID,
		whop.WithWalletAuthorizer(auth.authorize),
		whop.WithWalletLogger(logger),
	))
	mux.HandleFunc("GET /login", auth.login)
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if err := indexPage.Execute(w, struct{ CompanyID string }{companyID}); err != nil {
			logger.Error("rendering the page", "error", err)
		}
	})

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
	logger.Info("serving the wallet example", "page", base+"/", "sign_in", base+"/login?code="+auth.loginCode)
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// demoAuth is a stand-in for real authentication, just enough to show
// where the application's own check plugs into WalletTokenHandler: one
// random login code, printed at start-up, exchanged for one session cookie.
// It is not a login system; use your application's sessions instead.
type demoAuth struct {
	loginCode string
	session   string
}

const demoSessionCookie = "demo_session"

func newDemoAuth() (*demoAuth, error) {
	code, err := randomHex()
	if err != nil {
		return nil, err
	}
	session, err := randomHex()
	if err != nil {
		return nil, err
	}
	return &demoAuth{loginCode: code, session: session}, nil
}

func randomHex() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return hex.EncodeToString(b[:]), nil
}

// login exchanges the printed code for the session cookie.
func (a *demoAuth) login(w http.ResponseWriter, r *http.Request) {
	if !equal(r.URL.Query().Get("code"), a.loginCode) {
		http.Error(w, "wrong login code", http.StatusForbidden)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name:     demoSessionCookie,
		Value:    a.session,
		Path:     "/",
		HttpOnly: true,
		SameSite: http.SameSiteStrictMode,
		// Secure is off only because the example serves plain HTTP on
		// localhost; behind HTTPS set it.
	})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// authorize is the check WalletTokenHandler runs before minting: here, the
// demo session cookie. A real application would look up its own session and
// check that this user may see the company's wallet, returning an error
// wrapping whop.ErrWalletForbidden when they may not.
func (a *demoAuth) authorize(r *http.Request) error {
	c, err := r.Cookie(demoSessionCookie)
	if err != nil || !equal(c.Value, a.session) {
		return whop.ErrWalletUnauthenticated
	}
	return nil
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }
