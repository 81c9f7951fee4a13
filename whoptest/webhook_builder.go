package whoptest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gowhop/whop"
)

// WebhookBuilder builds signed webhook deliveries for tests of your own
// webhook handler: the envelope the fake's SendWebhooksTo sends, around
// any event type and data you choose, signed as Whop signs. It needs no
// running server. Create it with NewWebhookBuilder, or with
// Server.WebhookBuilder to stamp events with the server's clock, company
// and IDs. It is safe for concurrent use.
type WebhookBuilder struct {
	v         *whop.WebhookVerifier
	companyID string
	now       func() time.Time
	newID     func() string
}

// WebhookBuilderOption adjusts a WebhookBuilder.
type WebhookBuilderOption func(*WebhookBuilder)

// WithWebhookCompany sets the company_id of the events built (by default
// DefaultCompanyID, or the server's company).
func WithWebhookCompany(companyID string) WebhookBuilderOption {
	return func(b *WebhookBuilder) { b.companyID = companyID }
}

// WithWebhookTime stamps every event with t instead of the current time:
// the envelope's timestamp and the webhook-timestamp header. A verifier
// refuses a time more than its tolerance (5 minutes) away from its own
// clock, which is how to test that refusal.
func WithWebhookTime(t time.Time) WebhookBuilderOption {
	return func(b *WebhookBuilder) { b.now = func() time.Time { return t } }
}

// WithWebhookClock stamps every event with the time now returns. A nil now
// is ignored.
func WithWebhookClock(now func() time.Time) WebhookBuilderOption {
	return func(b *WebhookBuilder) {
		if now != nil {
			b.now = now
		}
	}
}

// NewWebhookBuilder returns a builder that signs with secret, given as
// Whop shows it (ws_...) or in the Standard-Webhooks form (whsec_...),
// exactly as whop.NewWebhookVerifier reads it. Events get random msg_ IDs,
// the current time and DefaultCompanyID unless options say otherwise. It
// returns an error for an unusable secret.
func NewWebhookBuilder(secret string, opts ...WebhookBuilderOption) (*WebhookBuilder, error) {
	v, err := whop.NewWebhookVerifier(secret)
	if err != nil {
		return nil, err
	}
	b := &WebhookBuilder{v: v, companyID: DefaultCompanyID, now: time.Now, newID: randomMessageID()}
	for _, o := range opts {
		o(b)
	}
	return b, nil
}

// WebhookBuilder returns a builder whose events carry the server's
// company, its clock (WithClock) and IDs from the sequence its own
// deliveries use; opts are applied last.
func (s *Server) WebhookBuilder(secret string, opts ...WebhookBuilderOption) (*WebhookBuilder, error) {
	base := []WebhookBuilderOption{WithWebhookCompany(s.CompanyID()), WithWebhookClock(s.now)}
	b, err := NewWebhookBuilder(secret, append(base, opts...)...)
	if err != nil {
		return nil, err
	}
	b.newID = func() string {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.newID("msg")
	}
	return b, nil
}

// Webhook is one signed delivery: the body and the headers to send it
// with (Content-Type and the three webhook-* headers).
type Webhook struct {
	ID        string
	Type      whop.WebhookEventType
	Timestamp time.Time
	Body      []byte
	Header    http.Header
}

// Build encodes data (a *whop.Payment, a map, a json.RawMessage, ...) as
// the data of an event of type typ, wraps it in the envelope and signs it.
func (b *WebhookBuilder) Build(typ whop.WebhookEventType, data any) (*Webhook, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("whoptest: encode webhook data: %w", err)
	}
	id, ts := b.newID(), b.now().UTC()
	body, err := encodeEvent(id, typ, b.companyID, ts, raw)
	if err != nil {
		return nil, err
	}
	return &Webhook{ID: id, Type: typ, Timestamp: ts, Body: body, Header: webhookHeader(b.v, id, ts, body)}, nil
}

// NewRequest builds the delivery of Build as a POST to url, ready for your
// handler's ServeHTTP or for an http.Client. url may be a bare path, such
// as "/webhooks/whop", when the request goes straight to a handler.
func (b *WebhookBuilder) NewRequest(url string, typ whop.WebhookEventType, data any) (*http.Request, error) {
	wh, err := b.Build(typ, data)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(wh.Body))
	if err != nil {
		return nil, err
	}
	req.Header = wh.Header
	return req, nil
}

// encodeEvent writes the envelope of one event, for the fake's own
// deliveries and for WebhookBuilder alike.
func encodeEvent(id string, typ whop.WebhookEventType, companyID string, ts time.Time, data json.RawMessage) ([]byte, error) {
	return json.Marshal(whop.WebhookEvent{
		ID: id, APIVersion: "v1", CompanyID: companyID, Timestamp: ts.Truncate(time.Millisecond), Type: typ, Data: data,
	})
}

// webhookHeader holds the headers of one signed delivery.
func webhookHeader(v *whop.WebhookVerifier, id string, ts time.Time, body []byte) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(whop.WebhookHeaderID, id)
	h.Set(whop.WebhookHeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	h.Set(whop.WebhookHeaderSignature, v.Sign(id, ts, body))
	return h
}

// randomMessageID returns a generator of msg_ IDs unique to one builder.
func randomMessageID() func() string {
	var mu sync.Mutex
	prefix, seq := "msg_"+randomHex(6), 0
	return func() string {
		mu.Lock()
		defer mu.Unlock()
		seq++
		return prefix + strconv.Itoa(seq)
	}
}
