package whoptest

import (
	"encoding/json"
	"maps"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gowhop/whop"
)

type paymentRec struct {
	p       whop.Payment
	planID  string
	pmID    string
	seq     int64
	company string
}

func (s *Server) paymentRoutes() {
	s.handle("GET "+BasePath+"/payments", s.listPayments)
	s.handle("POST "+BasePath+"/payments", s.createPayment)
	s.handle("GET "+BasePath+"/payments/{id}", s.getPayment)
	s.handle("GET "+BasePath+"/payments/{id}/fees", s.listPaymentFees)
	s.handle("POST "+BasePath+"/payments/{id}/refund", s.refundPayment)
	s.handle("POST "+BasePath+"/payments/{id}/retry", s.retryPayment)
	s.handle("POST "+BasePath+"/payments/{id}/void", s.voidPayment)
}

func (s *Server) createPayment(r *http.Request) (any, error) {
	var in whop.PaymentCreateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.createPaymentLocked(&in)
}

// createPaymentLocked charges a member for a plan as POST /payments does.
func (s *Server) createPaymentLocked(in *whop.PaymentCreateParams) (*whop.Payment, error) {
	switch {
	case in.PlanID != "" && in.Plan != nil:
		return nil, badParam("plan_id", "give plan_id or plan, not both")
	case in.PlanID == "" && in.Plan == nil:
		return nil, missingParam("plan_id")
	case in.ConfirmationToken != "":
		return nil, badParam("confirmation_token", "whoptest charges members' stored payment methods; use member_id")
	case in.MemberID == "":
		return nil, missingParam("member_id")
	}
	co, err := s.companyLocked("company_id", in.CompanyID)
	if err != nil {
		return nil, err
	}
	m, ok := s.state.members[in.MemberID]
	if !ok || m.CompanyID != co.ID {
		return nil, notFound("member", in.MemberID)
	}
	var inline any
	if in.Plan != nil {
		inline = in.Plan
	}
	pl, err := s.planFromInputLocked(co, in.PlanID, inline)
	if err != nil {
		return nil, err
	}
	pmRec, err := s.chargeablePaymentMethodLocked(m, in.PaymentMethodID)
	if err != nil {
		return nil, err
	}

	now := s.now().UTC()
	prod := s.state.products[pl.ProductID].p
	amount := pl.InitialPrice
	if amount == 0 && pl.PlanType == whop.PlanTypeRenewal {
		amount = pl.RenewalPrice
	}
	var promo *promoCodeRec
	if in.PromoCodeID != nil {
		if promo, amount, err = s.applyPromoCodeLocked(*in.PromoCodeID, pl, m, amount); err != nil {
			return nil, err
		}
	}
	reason := whop.BillingReasonOneTime
	if pl.PlanType == whop.PlanTypeRenewal {
		reason = whop.BillingReasonSubscriptionCreate
	}
	p := whop.Payment{
		ID: s.newID("pay"), CreatedAt: now, UpdatedAt: now,
		Plan:    &whop.PlanRef{ID: pl.ID, InternalNotes: pl.InternalNotes, Metadata: pl.Metadata},
		Product: &whop.ProductRef{ID: prod.ID, Route: prod.Route, Title: prod.Title, Metadata: maps.Clone(prod.Metadata)},
		User:    &whop.UserRef{ID: m.UserID, Name: m.namePtr(), Username: m.Username, Email: ptr(m.Email)},
		Member:  &whop.MemberRef{ID: m.ID},
		PaymentMethod: &whop.PaymentMethodRef{ID: pmRec.pm.ID, CreatedAt: pmRec.pm.CreatedAt,
			PaymentMethodType: pmRec.pm.PaymentMethodType},
		Company:            ptr(co.ref()),
		Currency:           pl.Currency,
		SettlementCurrency: pl.Currency,
		Total:              ptr(amount),
		Subtotal:           ptr(amount),
		RefundedAmount:     ptr(0.0),
		PaymentMethodType:  ptr(pmRec.pm.PaymentMethodType),
		BillingReason:      ptr(reason),
		PaymentsFailed:     ptr(0),
		// The key the fake serves may read everything, so the lists the
		// API sends as null to less privileged keys are empty, not null.
		Fees:                  []whop.PaymentFee{},
		Refunds:               []whop.PaymentRefund{},
		Disputes:              []whop.PaymentDispute{},
		Resolutions:           []whop.PaymentResolution{},
		FinancingTransactions: []whop.PaymentFinancingTransaction{},
		Metadata:              in.Metadata,
	}
	mem := s.membershipForPaymentLocked(co, m, pl, in.Metadata)
	p.Membership = &whop.MembershipRef{ID: mem.m.ID, Status: mem.m.Status}
	if promo != nil {
		pc := promo.p // its use is counted when the payment succeeds
		p.PromoCode = &whop.PaymentPromoCode{ID: pc.ID, Code: pc.Code, PromoType: pc.PromoType, AmountOff: pc.AmountOff,
			BaseCurrency: pc.Currency, NumberOfIntervals: pc.PromoDurationMonths}
		mem.m.PromoCode = &whop.MembershipPromoCode{ID: pc.ID}
	}
	if pl.Currency == whop.CurrencyUSD {
		p.USDTotal = ptr(amount)
	}
	if c := pmRec.pm.Card; c != nil {
		p.PaymentMethod.Card = &whop.PaymentMethodCard{Brand: c.Brand, Last4: c.Last4, ExpMonth: c.ExpMonth, ExpYear: c.ExpYear, Fingerprint: ptr("fp_" + pmRec.pm.ID)}
		p.CardBrand, p.CardLast4, p.CardExpMonth, p.CardExpYear = c.Brand, c.Last4, c.ExpMonth, c.ExpYear
	}
	setStatus(&p, whop.PaymentStatusPending, whop.PaymentSubstatusPending)
	s.emitLocked(whop.WebhookEventPaymentCreated, co.ID, p)
	switch {
	case in.Capture != nil && !*in.Capture:
		setStatus(&p, whop.PaymentStatusOpen, whop.PaymentSubstatusPending)
		p.Voidable = true
		s.emitLocked(whop.WebhookEventPaymentAuthorized, co.ID, p)
	default:
		s.attemptChargeLocked(&p, pmRec)
	}
	s.seq++
	s.state.payments[p.ID] = &paymentRec{p: p, planID: pl.ID, pmID: pmRec.pm.ID, seq: s.seq, company: co.ID}
	return &p, nil
}

// chargeablePaymentMethodLocked picks the payment method to charge: the
// one named, which must belong to the member, or the member's newest.
func (s *Server) chargeablePaymentMethodLocked(m *Member, id *string) (*paymentMethodRec, error) {
	if id != nil {
		rec, ok := s.state.paymentMethods[*id]
		if !ok || rec.memberID != m.ID {
			return nil, notFound("payment method", *id)
		}
		return rec, nil
	}
	var newest *paymentMethodRec
	for _, rec := range s.state.paymentMethods {
		if rec.memberID == m.ID && (newest == nil || rec.seq > newest.seq) {
			newest = rec
		}
	}
	if newest == nil {
		return nil, missingParam("payment_method_id")
	}
	return newest, nil
}

func setStatus(p *whop.Payment, st whop.PaymentStatus, sub whop.PaymentSubstatus) {
	p.Status, p.Substatus = ptr(st), sub
}

// attemptChargeLocked charges p's payment method: it succeeds unless the
// method declines. Fees are taken on success.
func (s *Server) attemptChargeLocked(p *whop.Payment, pm *paymentMethodRec) {
	now := s.now().UTC()
	p.LastPaymentAttempt, p.UpdatedAt = ptr(now), now
	if pm.declines {
		setStatus(p, whop.PaymentStatusOpen, whop.PaymentSubstatusFailed)
		p.PaymentsFailed = ptr(*p.PaymentsFailed + 1)
		p.DeclineCode = ptr(whop.PaymentDeclineCodeInsufficientFunds)
		p.FailureMessage = ptr("Your card has insufficient funds.")
		p.Retryable, p.Voidable, p.Refundable = true, true, false
		s.emitLocked(whop.WebhookEventPaymentFailed, p.Company.ID, *p)
		return
	}
	total := *p.Total
	p.Fees = feesFor(total, p.Currency)
	after := total
	for _, f := range p.Fees {
		after -= f.Amount
	}
	p.AmountAfterFees = round2(after)
	p.SettlementAmount = total
	setStatus(p, whop.PaymentStatusPaid, whop.PaymentSubstatusSucceeded)
	p.PaidAt, p.DeclineCode, p.FailureMessage = ptr(now), nil, nil
	p.Retryable, p.Voidable, p.Refundable = false, false, total > 0
	if p.PromoCode != nil {
		if promo, ok := s.state.promoCodes[p.PromoCode.ID]; ok {
			promo.p.Uses++
		}
	}
	s.activateMembershipLocked(p)
	s.emitLocked(whop.WebhookEventPaymentSucceeded, p.Company.ID, *p)
}

// feesFor is the fake's fee schedule: 2.9% + 0.30 processing and a 3%
// platform fee, none on a free payment.
func feesFor(total float64, cur whop.Currency) []whop.PaymentFee {
	if total == 0 {
		return []whop.PaymentFee{}
	}
	return []whop.PaymentFee{
		{Name: "Processing fee", Type: whop.PaymentFeeTypeStripeDomesticProcessingFee, Amount: round2(total*0.029 + 0.30), Currency: cur},
		{Name: "Whop fee", Type: whop.PaymentFeeTypeWhopProcessingFee, Amount: round2(total * 0.03), Currency: cur},
	}
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func (s *Server) paymentLocked(id string) (*paymentRec, error) {
	return lookup(s.state.payments, "payment", id)
}

func (s *Server) getPayment(r *http.Request) (any, error) {
	return getByID(s, r, s.paymentLocked, func(rec *paymentRec) any { return rec.p })
}

func (s *Server) listPayments(r *http.Request) (any, error) {
	q := r.URL.Query()
	win, err := parseCreatedWindow(q)
	if err != nil {
		return nil, err
	}
	updBefore, hasUB, err := timeParam(q, "updated_before")
	if err != nil {
		return nil, err
	}
	updAfter, hasUA, err := timeParam(q, "updated_after")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	companyID := q.Get("company_id")
	if companyID != "" {
		if _, err := s.companyLocked("company_id", companyID); err != nil {
			return nil, err
		}
	}
	statuses, subs, curs := listArray(q, "statuses"), listArray(q, "substatuses"), listArray(q, "currencies")
	products, plans, reasons := listArray(q, "product_ids"), listArray(q, "plan_ids"), listArray(q, "billing_reasons")
	checkouts := listArray(q, "checkout_configuration_ids")
	search := strings.ToLower(q.Get("query"))
	includeFree := q.Get("include_free") == "true"
	var items []*paymentRec
	for _, rec := range s.state.payments {
		p := &rec.p
		switch {
		case companyID != "" && rec.company != companyID,
			!win.contains(p.CreatedAt),
			hasUB && !p.UpdatedAt.Before(updBefore),
			hasUA && !p.UpdatedAt.After(updAfter),
			len(statuses) > 0 && (p.Status == nil || !slices.Contains(statuses, string(*p.Status))),
			len(subs) > 0 && !slices.Contains(subs, string(p.Substatus)),
			len(curs) > 0 && !slices.Contains(curs, string(p.Currency)),
			len(products) > 0 && !slices.Contains(products, p.Product.ID),
			len(plans) > 0 && !slices.Contains(plans, rec.planID),
			len(checkouts) > 0 && (p.CheckoutConfigurationID == nil || !slices.Contains(checkouts, *p.CheckoutConfigurationID)),
			len(reasons) > 0 && (p.BillingReason == nil || !slices.Contains(reasons, string(*p.BillingReason))),
			!includeFree && p.Total != nil && *p.Total == 0,
			search != "" && !strings.Contains(strings.ToLower(p.ID+" "+*p.User.Email+" "+p.User.Username), search):
			continue
		}
		items = append(items, rec)
	}
	// A list item is the payment with fewer fields under the same names;
	// going through JSON keeps the two shapes in step.
	return listPageBy(items, q, paymentOrders(), func(rec *paymentRec) (whop.PaymentListItem, error) {
		var item whop.PaymentListItem
		b, err := json.Marshal(rec.p)
		if err == nil {
			err = json.Unmarshal(b, &item)
		}
		if pm := item.PaymentMethod; pm != nil && pm.Card != nil {
			pm.Card.Fingerprint = nil // the list's card has no fingerprint
		}
		return item, err
	})
}

// paymentOrders are the sort orders of GET /payments besides created_at:
// the total in cents, and the time paid (unpaid payments first in
// ascending order, as nulls sort low).
func paymentOrders() map[string]func(*paymentRec) int64 {
	return map[string]func(*paymentRec) int64{
		string(whop.PaymentOrderFinalAmount): func(r *paymentRec) int64 {
			if r.p.Total == nil {
				return 0
			}
			return int64(math.Round(*r.p.Total * 100))
		},
		string(whop.PaymentOrderPaidAt): func(r *paymentRec) int64 {
			if r.p.PaidAt == nil {
				return math.MinInt64
			}
			return r.p.PaidAt.UnixNano()
		},
	}
}

func (s *Server) listPaymentFees(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.paymentLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	rows := make([]*feeRow, len(rec.p.Fees))
	for i, f := range rec.p.Fees {
		rows[i] = &feeRow{seq: int64(i), fee: f}
	}
	q := r.URL.Query()
	q.Set("direction", "asc") // fees keep the order they were charged in
	return listPage(rows, q, func(row *feeRow) (whop.PaymentFee, error) { return row.fee, nil })
}

func (s *Server) refundPayment(r *http.Request) (any, error) {
	var in whop.PaymentRefundParams
	if r.ContentLength != 0 {
		if err := decodeBody(r, &in); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.paymentLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	p := &rec.p
	if !p.Refundable {
		return nil, unprocessable("payment_not_refundable", "this payment cannot be refunded")
	}
	remaining := round2(*p.Total - *p.RefundedAmount)
	amount := remaining
	if in.PartialAmount != nil {
		amount = *in.PartialAmount
		if err := moneyAmount("partial_amount", amount); err != nil {
			return nil, err
		}
		if round2(amount) > remaining {
			return nil, &apiError{status: http.StatusUnprocessableEntity, typ: "invalid_request_error",
				message: "partial_amount exceeds the amount left to refund", code: "refund_exceeds_payment", param: "partial_amount"}
		}
	}
	now := s.now().UTC()
	refund := whop.PaymentRefund{ID: s.newID("rfnd"), Status: whop.RefundStatusSucceeded, Amount: amount, Currency: p.Currency, CreatedAt: now}
	p.Refunds = append(p.Refunds, refund)
	p.RefundedAmount = ptr(round2(*p.RefundedAmount + amount))
	p.RefundedAt, p.UpdatedAt = ptr(now), now
	if *p.RefundedAmount >= *p.Total {
		p.Substatus, p.Refundable = whop.PaymentSubstatusRefunded, false
		// The API updates the membership with the refund: money fully
		// returned no longer pays for access.
		s.revokeMembershipLocked(p)
	} else {
		p.Substatus = whop.PaymentSubstatusPartiallyRefunded
	}
	s.addRefundLocked(rec, refund)
	return *p, nil
}

func (s *Server) retryPayment(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.paymentLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if !rec.p.Retryable {
		return nil, unprocessable("payment_not_retryable", "this payment cannot be retried")
	}
	s.attemptChargeLocked(&rec.p, s.state.paymentMethods[rec.pmID])
	return rec.p, nil
}

func (s *Server) voidPayment(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.paymentLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	p := &rec.p
	if !p.Voidable {
		return nil, unprocessable("payment_not_voidable", "this payment cannot be voided")
	}
	setStatus(p, whop.PaymentStatusVoid, whop.PaymentSubstatusCanceled)
	p.Voidable, p.Retryable, p.Refundable = false, false, false
	p.UpdatedAt = s.now().UTC()
	s.emitLocked(whop.WebhookEventPaymentCanceled, rec.company, *p)
	return *p, nil
}

func (r *paymentRec) created() time.Time { return r.p.CreatedAt }
func (r *paymentRec) order() int64       { return r.seq }

// feeRow is one fee of a payment, paged like any other list.
type feeRow struct {
	seq int64
	fee whop.PaymentFee
}

func (r *feeRow) created() time.Time { return time.Time{} }
func (r *feeRow) order() int64       { return r.seq }

// ref is the payment's summary as refunds and disputes nest it.
func (r *paymentRec) ref() *whop.PaymentRef {
	p := &r.p
	created := p.CreatedAt
	ref := &whop.PaymentRef{
		ID: p.ID, BillingReason: p.BillingReason, CardBrand: p.CardBrand, CardLast4: p.CardLast4,
		CreatedAt: &created, Currency: p.Currency, DisputeAlertedAt: p.DisputeAlertedAt, Member: p.Member,
		Membership: p.Membership, Metadata: p.Metadata, PaidAt: p.PaidAt, PaymentMethodType: p.PaymentMethodType,
		Subtotal: p.Subtotal, TaxAmount: p.TaxAmount, TaxBehavior: p.TaxBehavior, TaxRefundedAmount: p.TaxRefundedAmount,
		Total: p.Total, USDTotal: p.USDTotal, User: p.User,
	}
	if p.Plan != nil {
		ref.Plan = &whop.PlanRef{ID: p.Plan.ID, Metadata: p.Plan.Metadata}
	}
	if p.Product != nil {
		ref.Product = &whop.ProductRef{ID: p.Product.ID, Metadata: p.Product.Metadata}
	}
	return ref
}
