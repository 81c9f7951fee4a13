package whop

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A 2xx body such as {} decodes into a zero value without error. For a
// method that returns one object, that would hand the caller a payment or
// product with an empty ID as if it were real: it is a *DecodeError.
func TestObjectWithoutIdentityIsDecodeError(t *testing.T) {
	for _, m := range everyMethod() {
		if !m.object {
			continue
		}
		field := "id"
		if m.ok == tokenBody {
			field = "token"
		}
		for _, body := range []string{`{}`, `{"` + field + `":""}`, `{"` + field + `":null}`, `{"unrelated":"x"}`} {
			t.Run(m.name+"/"+body, func(t *testing.T) {
				c, ts := newTestClient(t)
				ts.Mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
					writeJSON(w, http.StatusOK, body)
				})
				got, err := m.call(context.Background(), c)
				var de *DecodeError
				require.True(t, errors.As(err, &de), "want a *DecodeError, got %v", err)
				assert.Equal(t, http.StatusOK, de.StatusCode)
				assert.Contains(t, err.Error(), "has no "+field)
				assert.Nil(t, got, "no zero-value object may come back")
				assert.Equal(t, int64(1), ts.Hits.Load(), "a decode error is not retried")
			})
		}
	}
}

// An item without an id in a list page is refused the same way: the
// caller could not act on it, and the page is not what the API sends.
// Items of a type without an id (payment fees) are not checked.
func TestPageItemWithoutIDIsDecodeError(t *testing.T) {
	const body = `{"data":[{"id":"a"},{}],"page_info":{"has_next_page":false}}`
	for _, m := range everyMethod() {
		if m.ok != pageBody {
			continue
		}
		t.Run(m.name, func(t *testing.T) {
			c, ts := newTestClient(t)
			ts.Mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, http.StatusOK, body)
			})
			got, err := m.call(context.Background(), c)
			if strings.Contains(m.name, "Fees") {
				require.NoError(t, err, "fees carry no id")
				return
			}
			var de *DecodeError
			require.True(t, errors.As(err, &de), "want a *DecodeError, got %v", err)
			assert.Contains(t, err.Error(), "data[1] has no id")
			assert.Nil(t, got)
		})
	}
}

// TestResultTypesAreIdentified keeps the check complete: every result type
// of every service method (an object, a page's items, an iterator's items)
// that has a top-level "id" field must implement identified.
func TestResultTypesAreIdentified(t *testing.T) {
	identifiedType := reflect.TypeOf((*identified)(nil)).Elem()
	hasID := func(t reflect.Type) bool {
		if t.Kind() != reflect.Struct {
			return false
		}
		f, ok := t.FieldByName("ID")
		return ok && f.Type.Kind() == reflect.String && strings.Split(f.Tag.Get("json"), ",")[0] == "id"
	}
	checked := 0
	ct := reflect.TypeOf(Client{})
	for i := 0; i < ct.NumField(); i++ {
		f := ct.Field(i)
		if !f.IsExported() || f.Type.Kind() != reflect.Pointer || !strings.HasSuffix(f.Type.Elem().Name(), "Service") {
			continue
		}
		for j := 0; j < f.Type.NumMethod(); j++ {
			m := f.Type.Method(j)
			if m.Type.NumOut() == 0 {
				continue
			}
			res := m.Type.Out(0)
			var item reflect.Type
			switch {
			case res.Kind() == reflect.Func: // iter.Seq2[T, error]: func(yield func(T, error) bool)
				item = res.In(0).In(0)
			case res.Kind() == reflect.Pointer && strings.HasPrefix(res.Elem().Name(), "Page["):
				item = res.Elem().Field(0).Type.Elem()
			case res.Kind() == reflect.Pointer:
				item = res.Elem()
			default:
				continue
			}
			if hasID(item) {
				checked++
				assert.True(t, reflect.PointerTo(item).Implements(identifiedType),
					"%s.%s returns %v, which has an id but does not implement identified", f.Name, m.Name, item)
			}
		}
	}
	assert.Positive(t, checked)
}

// A 2xx body that does not decode is quoted in the *DecodeError, but never
// with a credential in it: the webhook secret of a created endpoint, the
// client secret of a payment or an access token.
func TestDecodeErrorExcerptHidesCredentials(t *testing.T) {
	for name, body := range map[string]string{
		"webhook secret": `{"id":"hook_1","webhook_secret":"ws_live_secret_value","url":5}`,
		"client secret":  `{"id":"pay_1","client_secret":"pi_live_secret_value","total":"x"}`,
		"access token":   `{"token":"live_secret_value","expires_at":"bad"}`,
		"cut short":      `{"id":"hook_1","url":"u","webhook_secret":"ws_live_secret_val`,
	} {
		t.Run(name, func(t *testing.T) {
			c, ts := newTestClient(t)
			ts.Mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, body) })
			var err error
			switch name {
			case "client secret":
				_, err = c.Payments.Get(context.Background(), "pay_1")
			case "access token":
				_, err = c.AccessTokens.Create(context.Background(), &AccessTokenCreateParams{CompanyID: "biz_1"})
			default:
				_, err = c.Webhooks.Create(context.Background(), &WebhookEndpointCreateParams{URL: "https://example.com/h"})
			}
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			assert.NotContains(t, err.Error(), "secret_val")
			assert.NotContains(t, de.Excerpt, "secret_val")
			assert.Contains(t, de.Excerpt, "[REDACTED]")
		})
	}
}
