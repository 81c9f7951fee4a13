package main

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/gowhop/whop/whoptest"
)

// tokenRequest asks mux for a wallet token with the given session cookie
// ("" for none) and returns the status and the decoded body.
func tokenRequest(t *testing.T, mux http.Handler, session string) (int, map[string]string) {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "/api/wallet-token", nil)
	if session != "" {
		r.AddCookie(&http.Cookie{Name: demoSessionCookie, Value: session})
	}
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, r)
	var body map[string]string
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q: %v", w.Body.String(), err)
	}
	return w.Code, body
}

func TestWalletTokenOnlyForStaffAndNarrowed(t *testing.T) {
	srv := whoptest.NewServer(t)
	auth, err := newDemoAuth()
	if err != nil {
		t.Fatal(err)
	}
	mux, err := newMux(srv.Client(), srv.CompanyID(), auth, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}

	for name, tc := range map[string]struct {
		session string
		status  int
	}{
		"anonymous": {"", http.StatusUnauthorized},
		"forged":    {"not-a-session", http.StatusUnauthorized},
		"customer":  {auth.customer.session, http.StatusForbidden},
	} {
		if status, body := tokenRequest(t, mux, tc.session); status != tc.status || body["token"] != "" {
			t.Errorf("%s: got %d %v, want %d and no token", name, status, body, tc.status)
		}
	}
	if n := countTokenRequests(srv); n != 0 {
		t.Fatalf("%d tokens minted for callers who are not staff", n)
	}

	status, body := tokenRequest(t, mux, auth.staff.session)
	if status != http.StatusOK || body["token"] == "" {
		t.Fatalf("staff: got %d %v, want a token", status, body)
	}
	// whoptest's tokens are JWT-shaped: the claims show what was minted.
	parts := strings.Split(body["token"], ".")
	if len(parts) != 3 {
		t.Fatalf("token is not JWT-shaped: %d parts", len(parts))
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		CompanyID     string   `json:"company_id"`
		ScopedActions []string `json:"scoped_actions"`
	}
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatal(err)
	}
	if claims.CompanyID != srv.CompanyID() {
		t.Errorf("company_id = %q, want %q", claims.CompanyID, srv.CompanyID())
	}
	if !slices.Equal(claims.ScopedActions, walletActions()) {
		t.Errorf("scoped_actions = %v, want the wallet elements' %v", claims.ScopedActions, walletActions())
	}
}

func countTokenRequests(srv *whoptest.Server) int {
	n := 0
	for _, r := range srv.Requests() {
		if strings.HasSuffix(r.Path, "/access_tokens") {
			n++
		}
	}
	return n
}
