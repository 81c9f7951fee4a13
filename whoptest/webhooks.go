package whoptest

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gowhop/whop"
)

// Delivery records one webhook the server sent.
type Delivery struct {
	URL        string
	ID         string
	Type       whop.WebhookEventType
	StatusCode int   // 0 when the request failed
	Err        error // transport failure, if any
	Body       []byte
}

type webhookTarget struct {
	url string
	v   *whop.WebhookVerifier
}

type pendingEvent struct {
	typ       whop.WebhookEventType
	companyID string
	data      any
}

// SendWebhooksTo makes the server POST a signed webhook to url for every
// event it produces from now on (payment.created, payment.succeeded,
// payment.failed, refund.created, membership.activated,
// membership.cancel_at_period_end_changed, membership.deactivated, ...),
// signed with secret exactly as Whop signs (the secret's bytes, or a
// whsec_ secret base64-decoded). Deliveries
// happen before the API call that caused them answers, so a test can assert
// right after the call. It returns an error for an unusable secret.
func (s *Server) SendWebhooksTo(url, secret string) error {
	v, err := whop.NewWebhookVerifier(secret)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.hooks = append(s.hooks, webhookTarget{url: url, v: v})
	s.mu.Unlock()
	return nil
}

// Deliveries returns the webhooks sent so far, oldest first.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.sent...)
}

// emitLocked queues an event; it is delivered when the current API call
// finishes. The data is encoded now, under the lock, so the delivery shows
// the object as it was at this transition even if a later call changes
// what it points to. Callers hold s.mu.
func (s *Server) emitLocked(typ whop.WebhookEventType, companyID string, data any) {
	if len(s.hooks) == 0 {
		return
	}
	b, err := json.Marshal(data)
	if err != nil {
		return
	}
	s.outbox = append(s.outbox, pendingEvent{typ: typ, companyID: companyID, data: json.RawMessage(b)})
}

// flushWebhooks delivers the queued events to every target, in order.
func (s *Server) flushWebhooks(ctx context.Context) {
	s.mu.Lock()
	events, targets := s.outbox, append([]webhookTarget(nil), s.hooks...)
	s.outbox = nil
	s.mu.Unlock()
	for _, ev := range events {
		s.mu.Lock()
		id := s.newID("msg")
		s.mu.Unlock()
		now := s.now().UTC()
		data, err := json.Marshal(ev.data)
		if err != nil {
			continue
		}
		body, err := encodeEvent(id, ev.typ, ev.companyID, now, data)
		if err != nil {
			continue
		}
		for _, t := range targets {
			d := Delivery{URL: t.url, ID: id, Type: ev.typ, Body: body}
			d.StatusCode, d.Err = post(ctx, t, id, now, body)
			s.mu.Lock()
			s.sent = append(s.sent, d)
			s.mu.Unlock()
		}
	}
}

func post(ctx context.Context, t webhookTarget, id string, ts time.Time, body []byte) (int, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header = webhookHeader(t.v, id, ts, body)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}
