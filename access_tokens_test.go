package whop

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const fixtureAccessToken = "eyJhbGciOiJFUzI1NiJ9.test-access-token.sig"

func TestAccessTokenFixtureRoundTrip(t *testing.T) {
	tok := assertRoundTrip[AccessToken](t, fixture(t, "access_token.json"))
	assert.Equal(t, fixtureAccessToken, tok.Token)
	assert.Equal(t, time.Date(2023, 12, 1, 6, 0, 0, 401e6, time.UTC), tok.ExpiresAt)
}

func TestAccessTokensCreateBodies(t *testing.T) {
	est := time.FixedZone("EST", -5*3600)
	tests := []struct {
		name   string
		params AccessTokenCreateParams
		want   string
	}{
		{"company only", AccessTokenCreateParams{CompanyID: "biz_1"}, `{"company_id":"biz_1"}`},
		{"user only", AccessTokenCreateParams{UserID: "user_1"}, `{"user_id":"user_1"}`},
		{
			"every field",
			AccessTokenCreateParams{
				CompanyID: "biz_1", UserID: "user_1", ScopedActions: []string{"payout:read", "member:basic:read"},
				ExpiresAt: Ptr(time.Date(2023, 12, 1, 1, 30, 0, 401e6, est)),
			},
			`{"company_id":"biz_1","user_id":"user_1","scoped_actions":["payout:read","member:basic:read"],
			  "expires_at":"2023-12-01T06:30:00.401Z"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			ts.Mux.HandleFunc("/access_tokens", func(w http.ResponseWriter, r *http.Request) {
				testMethod(t, r, http.MethodPost)
				testJSONBody(t, r, tt.want)
				writeJSON(w, 200, fixture(t, "access_token.json"))
			})
			before := tt.params
			tok, err := c.AccessTokens.Create(context.Background(), &tt.params)
			require.NoError(t, err)
			assert.Equal(t, fixtureAccessToken, tok.Token)
			assert.Equal(t, before, tt.params, "params must not be modified")
		})
	}
}

// Minting a second token does no harm, so unlike a payment the call is
// retried on a 5xx.
func TestAccessTokensCreateIsRetriedOnServerError(t *testing.T) {
	c, ts := newTestClient(t)
	ts.Mux.HandleFunc("/access_tokens", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 500, `{"error":{"type":"internal_server_error","message":"An unexpected error occurred"}}`)
	})
	_, err := c.AccessTokens.Create(context.Background(), &AccessTokenCreateParams{CompanyID: "biz_1"})
	require.ErrorIs(t, err, ErrServer)
	assert.EqualValues(t, 3, ts.Hits.Load())
}

func TestAccessTokensCreateValidation(t *testing.T) {
	tests := []struct {
		name   string
		params *AccessTokenCreateParams
		field  string
	}{
		{"nil params", nil, "company_id"},
		{"neither company nor user", &AccessTokenCreateParams{ScopedActions: []string{"a"}}, "company_id"},
		{"blank company and user", &AccessTokenCreateParams{CompanyID: " ", UserID: "\t"}, "company_id"},
		{"blank company beside a user", &AccessTokenCreateParams{CompanyID: " ", UserID: "user_1"}, "company_id"},
		{"blank user beside a company", &AccessTokenCreateParams{CompanyID: "biz_1", UserID: " "}, "user_id"},
		{"blank scoped action", &AccessTokenCreateParams{CompanyID: "biz_1", ScopedActions: []string{"a", ""}}, "scoped_actions[1]"},
		{"zero expiry", &AccessTokenCreateParams{CompanyID: "biz_1", ExpiresAt: &time.Time{}}, "expires_at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			_, err := c.AccessTokens.Create(context.Background(), tt.params)
			assertParamError(t, err, tt.field)
			assert.EqualValues(t, 0, ts.Hits.Load(), "nothing may be sent")
		})
	}
}

func TestAccessTokenFormattingHidesToken(t *testing.T) {
	tok := &AccessToken{Token: "secret-token-value", ExpiresAt: time.Date(2023, 12, 1, 6, 0, 0, 0, time.UTC)}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(format, tok)
		assert.NotContains(t, out, "secret-token-value", format)
		assert.Contains(t, out, "2023-12-01T06:00:00Z", format)
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("minted", "token", tok)
	assert.NotContains(t, buf.String(), "secret-token-value")
	assert.Contains(t, buf.String(), "expires_at")
}
