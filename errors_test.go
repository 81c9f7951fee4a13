package whop

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatusSentinels(t *testing.T) {
	cases := []struct {
		status int
		want   error
	}{
		{400, ErrBadRequest}, {401, ErrUnauthorized}, {403, ErrForbidden}, {404, ErrNotFound},
		{409, ErrConflict}, {422, ErrUnprocessable}, {429, ErrRateLimited},
		{500, ErrServer}, {502, ErrServer}, {503, ErrServer}, {599, ErrServer},
	}
	all := []error{ErrBadRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict, ErrUnprocessable, ErrRateLimited, ErrServer}
	for _, tc := range cases {
		c, ts := newTestClient(t, WithMaxRetries(0))
		ts.Mux.HandleFunc("/products/p", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Request-Id", "req_42")
			writeJSON(w, tc.status, `{"error":{"type":"invalid_request_error","message":"went wrong","code":"bad_thing","param":"title"}}`)
		})
		_, err := c.Products.Get(context.Background(), "p")
		require.Error(t, err)
		for _, s := range all {
			assert.Equal(t, s == tc.want, errors.Is(err, s), "status %d vs %v", tc.status, s)
		}
		var apiErr *APIError
		require.True(t, errors.As(err, &apiErr))
		assert.Equal(t, tc.status, apiErr.StatusCode)
		assert.Equal(t, "invalid_request_error", apiErr.Type)
		assert.Equal(t, "bad_thing", apiErr.Code)
		assert.Equal(t, "title", apiErr.Param)
		assert.Equal(t, "went wrong", apiErr.Message)
		assert.Equal(t, "req_42", apiErr.RequestID)
		assert.Equal(t, http.MethodGet, apiErr.Method)
		assert.True(t, strings.HasSuffix(apiErr.URL, "/api/v1/products/p"), apiErr.URL)
		assert.Contains(t, err.Error(), "went wrong")
		assert.Contains(t, err.Error(), "req_42")
		assert.NotContains(t, err.Error(), testAPIKey)
	}
}

func TestUnknownStatusHasNoSentinel(t *testing.T) {
	e := &APIError{StatusCode: 418}
	for _, s := range []error{ErrBadRequest, ErrServer, ErrNotFound} {
		assert.False(t, errors.Is(e, s))
	}
}

func TestNonJSONErrorBodies(t *testing.T) {
	cases := []struct {
		name, ctype, body, wantMsg string
		status                     int
	}{
		{"html from proxy", "text/html", "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>", "HTML page", 502},
		{"empty", "", "", "empty response body", 503},
		{"truncated json", "application/json", `{"error":{"type":"x","mess`, `non-JSON response: "{\"error\"`, 500},
		{"plain text", "text/plain", "upstream connect error", "upstream connect error", 400},
		{"json without error object", "application/json", `{"message":"nope"}`, "non-JSON response", 404},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, ts := newTestClient(t, WithMaxRetries(0))
			ts.Mux.HandleFunc("/products/p", func(w http.ResponseWriter, r *http.Request) {
				if tc.ctype != "" {
					w.Header().Set("Content-Type", tc.ctype)
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			})
			_, err := c.Products.Get(context.Background(), "p")
			var apiErr *APIError
			require.True(t, errors.As(err, &apiErr), "%v", err)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Contains(t, apiErr.Message, tc.wantMsg)
			assert.Equal(t, tc.body, string(apiErr.Body))
			assert.Contains(t, err.Error(), http.StatusText(tc.status))
		})
	}
}

func TestErrorBodyCapped(t *testing.T) {
	c, ts := newTestClient(t, WithMaxRetries(0))
	ts.Mux.HandleFunc("/products/p", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		chunk := []byte(strings.Repeat("x", 64<<10))
		for i := 0; i < 64; i++ { // 4 MiB
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	_, err := c.Products.Get(context.Background(), "p")
	var apiErr *APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Len(t, apiErr.Body, maxErrorBody)
	assert.Less(t, len(err.Error()), 1000, "message stays short")
}

func TestInvalidSuccessBody(t *testing.T) {
	for name, body := range map[string]string{
		"html":      "<html>maintenance</html>",
		"truncated": `{"id":"prod_1","title":"Pick`,
		"wrong":     `{"id": 12}`,
		"empty":     ``,
	} {
		t.Run(name, func(t *testing.T) {
			c, ts := newTestClient(t)
			ts.Mux.HandleFunc("/products/p", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, body) })
			p, err := c.Products.Get(context.Background(), "p")
			assert.Nil(t, p, "never a zero-value result")
			var de *DecodeError
			require.True(t, errors.As(err, &de), "%v", err)
			assert.Equal(t, 200, de.StatusCode)
			assert.Contains(t, err.Error(), "200")
			assert.Contains(t, err.Error(), "not valid JSON")
			assert.Equal(t, int64(1), ts.Hits.Load(), "a bad 2xx body is not retried")
		})
	}
}

func TestParamErrorMessage(t *testing.T) {
	err := paramErr("plan.currency", "is required")
	assert.Equal(t, "whop: invalid parameter plan.currency: is required", err.Error())
	assert.ErrorIs(t, err, ErrInvalidParams)
}
