package whoptest

import (
	"net/http"
	"time"

	"github.com/gowhop/whop"
)

// refundRec is a refund issued through POST /payments/{id}/refund. Its
// payment summary is taken from the payment each time it is served.
type refundRec struct {
	r         whop.Refund
	paymentID string
	userID    string
	company   string
	seq       int64
}

func (s *Server) refundRoutes() {
	s.handle("GET "+BasePath+"/refunds", s.listRefunds)
	s.handle("GET "+BasePath+"/refunds/{id}", s.getRefund)
}

// addRefundLocked records a refund the payment's refund transition just
// issued and emits refund.created with it, in the shape GET /refunds/{id}
// serves.
func (s *Server) addRefundLocked(pay *paymentRec, pr whop.PaymentRefund) {
	now := pr.CreatedAt
	rec := &refundRec{
		r: whop.Refund{
			ID: pr.ID, Status: pr.Status, Amount: pr.Amount, Currency: pr.Currency, CreatedAt: pr.CreatedAt,
			Provider: whop.PaymentProviderStripe, ProviderCreatedAt: &now,
			ReferenceStatus: ptr(whop.RefundReferenceStatusPending),
		},
		paymentID: pay.p.ID,
		company:   pay.company,
	}
	if pay.p.User != nil {
		rec.userID = pay.p.User.ID
	}
	s.seq++
	rec.seq = s.seq
	s.state.refunds[rec.r.ID] = rec
	s.emitLocked(whop.WebhookEventRefundCreated, rec.company, s.refundViewLocked(rec))
}

// refundViewLocked is the refund as the API serves it.
func (s *Server) refundViewLocked(rec *refundRec) whop.Refund {
	r := rec.r
	if pay, ok := s.state.payments[rec.paymentID]; ok {
		r.Payment = pay.ref()
	}
	return r
}

func (s *Server) getRefund(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.state.refunds[r.PathValue("id")]
	if !ok {
		return nil, notFound("refund", r.PathValue("id"))
	}
	return s.refundViewLocked(rec), nil
}

func (s *Server) listRefunds(r *http.Request) (any, error) {
	q := r.URL.Query()
	win, err := parseCreatedWindow(q)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	companyID, paymentID, userID := q.Get("company_id"), q.Get("payment_id"), q.Get("user_id")
	if companyID != "" {
		if _, err := s.companyLocked("company_id", companyID); err != nil {
			return nil, err
		}
	}
	var items []*refundRec
	for _, rec := range s.state.refunds {
		switch {
		case companyID != "" && rec.company != companyID,
			paymentID != "" && rec.paymentID != paymentID,
			userID != "" && rec.userID != userID,
			!win.contains(rec.r.CreatedAt):
			continue
		}
		items = append(items, rec)
	}
	// The API's list nests only the payment's ID; the fake sends the whole
	// summary, which decodes into the same type.
	return listPage(items, q, func(rec *refundRec) (whop.Refund, error) { return s.refundViewLocked(rec), nil })
}

func (r *refundRec) created() time.Time { return r.r.CreatedAt }
func (r *refundRec) order() int64       { return r.seq }
