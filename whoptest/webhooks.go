package whoptest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
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
	seq       int64 // the order it was emitted in, from 0
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
	s.outbox = append(s.outbox, pendingEvent{seq: s.emitted, typ: typ, companyID: companyID, data: json.RawMessage(b)})
	s.emitted++
}

// span is a run [lo, hi) of event sequence numbers.
type span struct{ lo, hi int64 }

func (a span) overlaps(b span) bool { return a.lo < b.hi && b.lo < a.hi }

// mark is where the events a caller is about to cause will start: pass it
// to flushWebhooks once they are queued. Callers hold s.mu.
func (s *Server) markLocked() int64 { return s.emitted }

// flushWebhooks delivers the queued events to every target, in order,
// and returns once every event emitted since mark (see markLocked) has
// been delivered: the caller's own events, and any a concurrent call
// emitted meanwhile. A concurrent call may have taken the caller's events
// from the outbox first; then the caller waits for that call to deliver
// them, so a call never answers before its webhooks are sent. Events
// emitted before mark are not waited for: a webhook receiver that calls
// the API while its delivery is in progress does not wait for itself.
func (s *Server) flushWebhooks(ctx context.Context, mark int64) {
	s.mu.Lock()
	events, targets := s.outbox, append([]webhookTarget(nil), s.hooks...)
	s.outbox = nil
	var batch span
	if len(events) > 0 {
		batch = span{events[0].seq, events[len(events)-1].seq + 1}
		s.inflight = append(s.inflight, batch)
	}
	mine := span{mark, s.emitted}
	s.mu.Unlock()
	for _, ev := range events {
		s.deliver(ctx, ev, targets)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(events) > 0 {
		s.inflight = slices.DeleteFunc(s.inflight, func(b span) bool { return b == batch })
		s.delivered.Broadcast()
	}
	for slices.ContainsFunc(s.inflight, mine.overlaps) {
		if s.hookDeliveryWait != nil {
			s.hookDeliveryWait()
		}
		s.delivered.Wait()
	}
}

// deliver posts one event to every target and records the deliveries.
func (s *Server) deliver(ctx context.Context, ev pendingEvent, targets []webhookTarget) {
	s.mu.Lock()
	id := s.newID("msg")
	s.mu.Unlock()
	now := s.now().UTC()
	data, err := json.Marshal(ev.data)
	if err != nil {
		return
	}
	body, err := encodeEvent(id, ev.typ, ev.companyID, now, data)
	if err != nil {
		return
	}
	for _, t := range targets {
		d := Delivery{URL: t.url, ID: id, Type: ev.typ, Body: body}
		d.StatusCode, d.Err = s.post(ctx, t, id, now, body)
		s.mu.Lock()
		s.sent = append(s.sent, d)
		s.mu.Unlock()
	}
}

// post sends one delivery. It outlives the request that caused it (the
// request waits for it) but not the server: Close cancels it.
func (s *Server) post(ctx context.Context, t webhookTarget, id string, ts time.Time, body []byte) (int, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	stop := context.AfterFunc(s.life, cancel)
	defer stop()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header = webhookHeader(t.v, id, ts, body)
	resp, err := s.webhookClient.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // so the connection is reused
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}
