package whoptest

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/gowhop/whop"
)

// disputeRec is a dispute opened with SeedDispute.
type disputeRec struct {
	d         whop.Dispute
	paymentID string
	company   string
	seq       int64
}

// disputeTransitions lists the statuses a dispute may move to from each
// status. Submitting evidence moves a dispute that needs a response under
// review; the processor then decides it (ResolveDispute). A dispute left
// unanswered past its deadline is lost.
var disputeTransitions = map[whop.DisputeStatus][]whop.DisputeStatus{
	whop.DisputeStatusNeedsResponse:        {whop.DisputeStatusUnderReview, whop.DisputeStatusLost},
	whop.DisputeStatusUnderReview:          {whop.DisputeStatusWon, whop.DisputeStatusLost},
	whop.DisputeStatusWarningNeedsResponse: {whop.DisputeStatusWarningUnderReview, whop.DisputeStatusWarningClosed},
	whop.DisputeStatusWarningUnderReview:   {whop.DisputeStatusWarningClosed},
}

// disputeEditable reports whether evidence may still be changed and
// submitted in status st.
func disputeEditable(st whop.DisputeStatus) bool {
	return st == whop.DisputeStatusNeedsResponse || st == whop.DisputeStatusWarningNeedsResponse
}

// disputePaymentSubstatus is what a payment's substatus becomes when its
// dispute enters each status.
var disputePaymentSubstatus = map[whop.DisputeStatus]whop.PaymentSubstatus{
	whop.DisputeStatusNeedsResponse:        whop.PaymentSubstatusDisputeNeedsResponse,
	whop.DisputeStatusUnderReview:          whop.PaymentSubstatusDisputeUnderReview,
	whop.DisputeStatusWon:                  whop.PaymentSubstatusDisputeWon,
	whop.DisputeStatusLost:                 whop.PaymentSubstatusDisputeLost,
	whop.DisputeStatusWarningNeedsResponse: whop.PaymentSubstatusDisputeWarningNeedsResponse,
	whop.DisputeStatusWarningUnderReview:   whop.PaymentSubstatusDisputeWarningUnderReview,
	whop.DisputeStatusWarningClosed:        whop.PaymentSubstatusDisputeWarningClosed,
}

// DisputeOption adjusts a dispute opened with SeedDispute.
type DisputeOption func(*whop.Dispute)

// WithDisputeDueDate sets the deadline for the company's evidence; the
// default is seven days after the dispute opens.
func WithDisputeDueDate(t time.Time) DisputeOption {
	return func(d *whop.Dispute) { due := t.UTC(); d.NeedsResponseBy = &due }
}

// WithDisputeReason sets the customer's reason.
func WithDisputeReason(reason string) DisputeOption {
	return func(d *whop.Dispute) { d.Reason = &reason }
}

// WithDisputeAmount disputes part of the payment instead of its total.
func WithDisputeAmount(amount float64) DisputeOption {
	return func(d *whop.Dispute) { d.Amount = amount }
}

// AsDisputeWarning opens an inquiry (warning_needs_response) rather than a
// chargeback.
func AsDisputeWarning() DisputeOption {
	return func(d *whop.Dispute) { d.Status = whop.DisputeStatusWarningNeedsResponse }
}

// SeedDispute opens a dispute against a payment, as a customer's bank
// would, and returns its ID. The dispute needs a response by its due date
// (see WithDisputeDueDate); dispute.created is delivered before it
// returns.
func (s *Server) SeedDispute(paymentID string, opts ...DisputeOption) (string, error) {
	s.mu.Lock()
	mark := s.markLocked()
	id, err := s.openDisputeLocked(paymentID, opts)
	s.mu.Unlock()
	s.flushWebhooks(context.Background(), mark)
	return id, err
}

func (s *Server) openDisputeLocked(paymentID string, opts []DisputeOption) (string, error) {
	pay, err := s.paymentLocked(paymentID)
	if err != nil {
		return "", err
	}
	p := &pay.p
	now := s.now().UTC()
	due := now.Add(7 * 24 * time.Hour)
	d := whop.Dispute{
		ID: s.newID("dspt"), Status: whop.DisputeStatusNeedsResponse, Currency: p.Currency,
		CreatedAt: &now, NeedsResponseBy: &due, Reason: ptr("Fraudulent"),
		Payment: pay.ref(),
	}
	if p.Total != nil {
		d.Amount = *p.Total
	}
	if co, ok := s.state.companies[pay.company]; ok {
		d.Company = &whop.CompanyRef{ID: co.ID, Title: co.Title}
	}
	if p.Plan != nil {
		d.Plan = &whop.PlanRef{ID: p.Plan.ID}
	}
	if p.Product != nil {
		d.Product = &whop.ProductRef{ID: p.Product.ID, Title: p.Product.Title}
	}
	if u := p.User; u != nil {
		d.CustomerName, d.CustomerEmailAddress = u.Name, u.Email
	}
	for _, o := range opts {
		o(&d)
	}
	if !disputeEditable(d.Status) {
		return "", badParam("status", "a dispute opens needing a response")
	}
	d.Editable = ptr(true)
	s.seq++
	rec := &disputeRec{d: d, paymentID: p.ID, company: pay.company, seq: s.seq}
	s.state.disputes[d.ID] = rec
	s.syncDisputeLocked(rec)
	s.emitLocked(whop.WebhookEventDisputeCreated, rec.company, rec.d)
	return d.ID, nil
}

// ResolveDispute decides a dispute as the processor would: won or lost.
// Only a dispute under review can be decided, except that one still
// needing a response can be lost (its deadline passed). dispute.updated is
// delivered before it returns.
func (s *Server) ResolveDispute(id string, won bool) error {
	s.mu.Lock()
	mark := s.markLocked()
	err := func() error {
		rec, ok := s.state.disputes[id]
		if !ok {
			return notFound("dispute", id)
		}
		to := whop.DisputeStatusLost
		switch {
		case won && rec.d.Status == whop.DisputeStatusWarningUnderReview,
			!won && rec.d.Status == whop.DisputeStatusWarningNeedsResponse:
			to = whop.DisputeStatusWarningClosed
		case won:
			to = whop.DisputeStatusWon
		}
		return s.moveDisputeLocked(rec, to)
	}()
	s.mu.Unlock()
	s.flushWebhooks(context.Background(), mark)
	return err
}

// moveDisputeLocked is the one way a dispute changes status: it checks the
// transition table, updates the dispute and its payment, and emits
// dispute.updated.
func (s *Server) moveDisputeLocked(rec *disputeRec, to whop.DisputeStatus) error {
	from := rec.d.Status
	if !slices.Contains(disputeTransitions[from], to) {
		return unprocessable("invalid_dispute_transition", "dispute "+rec.d.ID+" is "+string(from)+" and cannot become "+string(to))
	}
	rec.d.Status = to
	rec.d.Editable = ptr(disputeEditable(to))
	s.syncDisputeLocked(rec)
	s.emitLocked(whop.WebhookEventDisputeUpdated, rec.company, rec.d)
	return nil
}

// syncDisputeLocked copies the dispute's state to its payment: the entry
// in the payment's disputes and the payment's substatus.
func (s *Server) syncDisputeLocked(rec *disputeRec) {
	pay, ok := s.state.payments[rec.paymentID]
	if !ok {
		return
	}
	d := &rec.d
	entry := whop.PaymentDispute{ID: d.ID, Status: d.Status, Amount: d.Amount, Currency: d.Currency,
		Reason: d.Reason, Notes: d.Notes, Editable: d.Editable, NeedsResponseBy: d.NeedsResponseBy}
	i := slices.IndexFunc(pay.p.Disputes, func(pd whop.PaymentDispute) bool { return pd.ID == d.ID })
	if i < 0 {
		pay.p.Disputes = append(pay.p.Disputes, entry)
	} else {
		pay.p.Disputes[i] = entry
	}
	if sub, ok := disputePaymentSubstatus[d.Status]; ok {
		pay.p.Substatus = sub
	}
	pay.p.UpdatedAt = s.now().UTC()
	rec.d.Payment = pay.ref()
}

func (s *Server) disputeRoutes() {
	s.handle("GET "+BasePath+"/disputes", s.listDisputes)
	s.handle("GET "+BasePath+"/disputes/{id}", s.getDispute)
	s.handle("POST "+BasePath+"/disputes/{id}/update_evidence", s.updateDisputeEvidence)
	s.handle("POST "+BasePath+"/disputes/{id}/submit_evidence", s.submitDisputeEvidence)
}

func (s *Server) disputeLocked(id string) (*disputeRec, error) {
	return lookup(s.state.disputes, "dispute", id)
}

func (s *Server) getDispute(r *http.Request) (any, error) {
	return getByID(s, r, s.disputeLocked, func(rec *disputeRec) any { return rec.d })
}

func (s *Server) listDisputes(r *http.Request) (any, error) {
	q := r.URL.Query()
	win, err := parseCreatedWindow(q)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	co, err := s.companyLocked("company_id", q.Get("company_id"))
	if err != nil {
		return nil, err
	}
	var items []*disputeRec
	for _, rec := range s.state.disputes {
		if rec.company == co.ID && win.contains(*rec.d.CreatedAt) {
			items = append(items, rec)
		}
	}
	return listPage(items, q, func(rec *disputeRec) (whop.Dispute, error) { return rec.d, nil })
}

func (s *Server) updateDisputeEvidence(r *http.Request) (any, error) {
	var in whop.DisputeUpdateEvidenceParams
	if r.ContentLength != 0 {
		if err := decodeBody(r, &in); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.disputeLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if err := s.updateEvidenceLocked(rec, &in); err != nil {
		return nil, err
	}
	return rec.d, nil
}

// updateEvidenceLocked saves evidence on a dispute that is still editable
// and emits dispute.updated.
func (s *Server) updateEvidenceLocked(rec *disputeRec, in *whop.DisputeUpdateEvidenceParams) error {
	if !disputeEditable(rec.d.Status) {
		return unprocessable("dispute_not_editable", "dispute "+rec.d.ID+" is "+string(rec.d.Status)+"; its evidence can no longer be changed")
	}
	d := &rec.d
	for _, f := range []struct {
		dst **string
		n   whop.Nullable[string]
	}{
		{&d.AccessActivityLog, in.AccessActivityLog}, {&d.BillingAddress, in.BillingAddress},
		{&d.CancellationPolicyDisclosure, in.CancellationPolicyDisclosure},
		{&d.CustomerEmailAddress, in.CustomerEmailAddress}, {&d.CustomerName, in.CustomerName},
		{&d.Notes, in.Notes}, {&d.ProductDescription, in.ProductDescription},
		{&d.RefundPolicyDisclosure, in.RefundPolicyDisclosure},
		{&d.RefundRefusalExplanation, in.RefundRefusalExplanation}, {&d.ServiceDate, in.ServiceDate},
	} {
		setNullable(f.dst, f.n)
	}
	for _, f := range []struct {
		name string
		dst  **whop.DisputeAttachment
		n    whop.Nullable[whop.FileRef]
	}{
		{"cancellation_policy_attachment", &d.CancellationPolicyAttachment, in.CancellationPolicyAttachment},
		{"customer_communication_attachment", &d.CustomerCommunicationAttachment, in.CustomerCommunicationAttachment},
		{"refund_policy_attachment", &d.RefundPolicyAttachment, in.RefundPolicyAttachment},
		{"uncategorized_attachment", &d.UncategorizedAttachment, in.UncategorizedAttachment},
	} {
		if ref, ok := f.n.Get(); ok {
			if ref.ID == "" {
				return missingParam(f.name + ".id")
			}
			*f.dst = &whop.DisputeAttachment{ID: ref.ID, Filename: ptr(ref.ID), URL: ptr("https://assets.whop.test/" + ref.ID)}
		} else if f.n.IsNull() {
			*f.dst = nil
		}
	}
	s.syncDisputeLocked(rec)
	s.emitLocked(whop.WebhookEventDisputeUpdated, rec.company, rec.d)
	return nil
}

func (s *Server) submitDisputeEvidence(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.disputeLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	to := whop.DisputeStatusUnderReview
	if rec.d.Status == whop.DisputeStatusWarningNeedsResponse {
		to = whop.DisputeStatusWarningUnderReview
	}
	if !disputeEditable(rec.d.Status) {
		return nil, unprocessable("dispute_not_editable", "dispute "+rec.d.ID+" is "+string(rec.d.Status)+"; its evidence was already submitted or it is closed")
	}
	if err := s.moveDisputeLocked(rec, to); err != nil {
		return nil, err
	}
	return rec.d, nil
}

func (r *disputeRec) created() time.Time { return *r.d.CreatedAt }
func (r *disputeRec) order() int64       { return r.seq }
