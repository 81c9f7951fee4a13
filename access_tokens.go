package whop

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// AccessTokensService mints short-lived access tokens, the credential a
// browser or app hands to Whop's embedded components (such as the wallet
// session) instead of the API key.
type AccessTokensService service

// AccessToken is a freshly minted access token. Token is a bearer
// credential: send it only to the user it was minted for, and never log
// it. String, GoString and LogValue leave it out.
type AccessToken struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
}

func (t *AccessToken) identity() (field, value string) { return "token", t.Token }

// String describes the token without revealing it.
func (t AccessToken) String() string {
	return "whop.AccessToken{Token: [REDACTED], ExpiresAt: " + t.ExpiresAt.Format(time.RFC3339) + "}"
}

// GoString is String, so %#v does not reveal the token either.
func (t AccessToken) GoString() string { return t.String() }

// Format prints String for every verb: without it, verbs that ignore
// String (%d, %t, %p) print the struct's fields, the token among them.
func (t AccessToken) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, t.String()) }

// LogValue keeps the token out of structured logs.
func (t AccessToken) LogValue() slog.Value {
	return slog.GroupValue(slog.String("token", "[REDACTED]"), slog.Time("expires_at", t.ExpiresAt))
}

// AccessTokenCreateParams is the body of POST /access_tokens. Because the
// client authenticates with an API key, the API needs to know whom the
// token is for: set CompanyID, UserID or both. Empty fields are left out.
type AccessTokenCreateParams struct {
	// CompanyID is the company ("biz_...") the token acts for; the API key
	// must have access to it.
	CompanyID string `json:"company_id,omitempty"`
	// UserID is the user ("user_...") the token acts for; the API key must
	// have access to them.
	UserID string `json:"user_id,omitempty"`
	// ScopedActions narrows the token to these permissions, which must be
	// a subset of the API key's. Empty means the token carries all of the
	// key's permissions.
	ScopedActions []string `json:"scoped_actions,omitempty"`
	// ExpiresAt is when the token stops working. Nil lets the API choose
	// its default (an hour at the time of writing); the API caps the
	// lifetime at three hours. It is sent in UTC.
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

func (p *AccessTokenCreateParams) validate() error {
	if p == nil || (strings.TrimSpace(p.CompanyID) == "" && strings.TrimSpace(p.UserID) == "") {
		return paramErr("company_id", "company_id or user_id is required when authenticating with an API key")
	}
	if p.CompanyID != "" && strings.TrimSpace(p.CompanyID) == "" {
		return paramErr("company_id", "must not be blank")
	}
	if p.UserID != "" && strings.TrimSpace(p.UserID) == "" {
		return paramErr("user_id", "must not be blank")
	}
	for i, a := range p.ScopedActions {
		if err := requireString("scoped_actions["+itoa(i)+"]", a); err != nil {
			return err
		}
	}
	if p.ExpiresAt != nil && p.ExpiresAt.IsZero() {
		return paramErr("expires_at", "is the zero time; leave it nil for the API's default")
	}
	return nil
}

// Create mints an access token for a company or a user. Access tokens are
// what Whop's embedded components (such as the wallet and payouts sessions)
// authenticate with in the browser; see NewWalletTokenHandler for a ready
// endpoint that serves them. Like every POST it carries an idempotency key
// and is retried on 5xx responses and timeouts; minting twice would do no
// harm anyway.
//
// POST /access_tokens
func (s *AccessTokensService) Create(ctx context.Context, params *AccessTokenCreateParams, opts ...RequestOption) (*AccessToken, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	body := *params
	if body.ExpiresAt != nil {
		utc := body.ExpiresAt.UTC()
		body.ExpiresAt = &utc
	}
	return call[AccessToken](ctx, s.client, apiRequest{method: http.MethodPost, path: "/access_tokens", body: &body}, opts)
}
