package whoptest

import (
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/gowhop/whop"
)

// membershipRec is a membership the fake knows, with what its lifecycle
// needs beyond the wire object.
type membershipRec struct {
	m        whop.Membership
	seq      int64
	memberID string
	planID   string
	// periodDays is the plan's billing period; 0 for a one-time plan.
	periodDays int
	// expiresAt ends the access of a one-time plan with expiration_days.
	expiresAt *time.Time
}

func (r *membershipRec) created() time.Time { return r.m.CreatedAt }
func (r *membershipRec) order() int64       { return r.seq }

// membershipAction is something that happens to a membership: an API call,
// a successful payment, or time passing.
type membershipAction string

const (
	actActivate          membershipAction = "activate"             // a payment for its plan succeeded
	actCancelNow         membershipAction = "cancel"               // POST cancel, immediate
	actCancelAtPeriodEnd membershipAction = "cancel at period end" // POST cancel, at_period_end
	actUncancel          membershipAction = "uncancel"
	actPause             membershipAction = "pause"
	actResume            membershipAction = "resume"
	actAddFreeDays       membershipAction = "add free days to"
	actRenew             membershipAction = "renew"  // the period ended and it renews
	actPeriodEnd         membershipAction = "end"    // the period ended after a cancel at period end
	actExpire            membershipAction = "expire" // a one-time plan's access ran out
	actRevoke            membershipAction = "revoke" // the payment for it was refunded in full
)

// transition is one row of the membership lifecycle.
type transition struct {
	// from lists the statuses the action may start from.
	from []whop.MembershipStatus
	// to is the status it leads to; "" keeps the status.
	to whop.MembershipStatus
	// event is emitted when the transition happens; "" emits nothing.
	event whop.WebhookEventType
	// guard, when set, refuses the action with a reason even though the
	// status allows it.
	guard func(r *membershipRec) string
	// apply changes the other fields; days is the argument of add free
	// days.
	apply func(r *membershipRec, now time.Time, days int)
}

// Statuses the lifecycle groups: those that may renew, and those a
// payment re-activates from.
var (
	renewing   = []whop.MembershipStatus{whop.MembershipStatusActive, whop.MembershipStatusTrialing, whop.MembershipStatusPastDue}
	reactivate = []whop.MembershipStatus{whop.MembershipStatusDrafted, whop.MembershipStatusCanceled, whop.MembershipStatusExpired, whop.MembershipStatusCompleted}
)

// membershipLifecycle is every allowed transition. An action from a status
// not listed, or refused by its guard, answers 422 and changes nothing.
var membershipLifecycle = map[membershipAction]transition{
	actActivate: {from: reactivate, to: whop.MembershipStatusActive, event: whop.WebhookEventMembershipActivated,
		apply: startPeriod},
	actCancelNow: {from: live, to: whop.MembershipStatusCanceled, event: whop.WebhookEventMembershipDeactivated,
		apply: func(r *membershipRec, now time.Time, _ int) {
			r.m.CancelAtPeriodEnd, r.m.PaymentCollectionPaused = false, false
			if r.m.CanceledAt == nil {
				r.m.CanceledAt = &now
			}
		}},
	actCancelAtPeriodEnd: {from: renewing, to: whop.MembershipStatusCanceling, event: whop.WebhookEventMembershipCancelAtPeriodEndChanged,
		guard: needsPeriod, apply: func(r *membershipRec, now time.Time, _ int) {
			r.m.CancelAtPeriodEnd, r.m.CanceledAt = true, &now
		}},
	actUncancel: {from: []whop.MembershipStatus{whop.MembershipStatusCanceling}, to: whop.MembershipStatusActive,
		event: whop.WebhookEventMembershipCancelAtPeriodEndChanged,
		apply: func(r *membershipRec, _ time.Time, _ int) {
			r.m.CancelAtPeriodEnd, r.m.CanceledAt, r.m.CancelOption, r.m.CancellationReason = false, nil, nil, nil
		}},
	actPause: {from: live, guard: func(r *membershipRec) string {
		if reason := needsPeriod(r); reason != "" {
			return reason
		}
		if r.m.PaymentCollectionPaused {
			return "its payments are already paused"
		}
		return ""
	}, apply: func(r *membershipRec, _ time.Time, _ int) { r.m.PaymentCollectionPaused = true }},
	actResume: {from: live, guard: func(r *membershipRec) string {
		if !r.m.PaymentCollectionPaused {
			return "its payments are not paused"
		}
		return ""
	}, apply: func(r *membershipRec, _ time.Time, _ int) { r.m.PaymentCollectionPaused = false }},
	actAddFreeDays: {from: live, guard: func(r *membershipRec) string {
		if r.m.RenewalPeriodEnd == nil && r.expiresAt == nil {
			return "it has no billing period or expiry to extend"
		}
		return ""
	}, apply: func(r *membershipRec, _ time.Time, days int) {
		d := time.Duration(days) * 24 * time.Hour
		if r.m.RenewalPeriodEnd != nil {
			r.m.RenewalPeriodEnd = ptr(r.m.RenewalPeriodEnd.Add(d))
		}
		if r.expiresAt != nil {
			r.expiresAt = ptr(r.expiresAt.Add(d))
		}
	}},
	actRenew: {from: renewing, to: whop.MembershipStatusActive, apply: func(r *membershipRec, now time.Time, _ int) {
		period := time.Duration(r.periodDays) * 24 * time.Hour
		start, end := *r.m.RenewalPeriodStart, *r.m.RenewalPeriodEnd
		for !now.Before(end) {
			start, end = end, end.Add(period)
		}
		r.m.RenewalPeriodStart, r.m.RenewalPeriodEnd = &start, &end
	}},
	actPeriodEnd: {from: []whop.MembershipStatus{whop.MembershipStatusCanceling}, to: whop.MembershipStatusCanceled,
		event: whop.WebhookEventMembershipDeactivated},
	actExpire: {from: live, to: whop.MembershipStatusExpired, event: whop.WebhookEventMembershipDeactivated},
	actRevoke: {from: live, to: whop.MembershipStatusCanceled, event: whop.WebhookEventMembershipDeactivated,
		apply: func(r *membershipRec, now time.Time, _ int) {
			r.m.CancelAtPeriodEnd, r.m.PaymentCollectionPaused = false, false
			if r.m.CanceledAt == nil {
				r.m.CanceledAt = &now
			}
		}},
}

func needsPeriod(r *membershipRec) string {
	if r.periodDays == 0 || r.m.RenewalPeriodEnd == nil {
		return "it does not renew"
	}
	return ""
}

// startPeriod (re)starts a membership's access when a payment succeeds:
// a billing period from now for a renewing plan, or the expiry of an
// expiring one-time plan.
func startPeriod(r *membershipRec, now time.Time, _ int) {
	r.m.CancelAtPeriodEnd, r.m.PaymentCollectionPaused = false, false
	r.m.CanceledAt, r.m.CancelOption, r.m.CancellationReason = nil, nil, nil
	r.m.RenewalPeriodStart, r.m.RenewalPeriodEnd, r.expiresAt = nil, nil, nil
	if r.periodDays > 0 {
		end := now.Add(time.Duration(r.periodDays) * 24 * time.Hour)
		r.m.RenewalPeriodStart, r.m.RenewalPeriodEnd = &now, &end
	}
}

// transitionLocked applies action to a membership if the lifecycle allows
// it, emitting the transition's webhook. It is the only place a
// membership's status changes.
func (s *Server) transitionLocked(r *membershipRec, action membershipAction, days int) error {
	t := membershipLifecycle[action]
	if !slices.Contains(t.from, r.m.Status) {
		return unprocessable("membership_invalid_transition",
			"cannot "+string(action)+" a membership that is "+string(r.m.Status))
	}
	if t.guard != nil {
		if reason := t.guard(r); reason != "" {
			return unprocessable("membership_invalid_transition", "cannot "+string(action)+" this membership: "+reason)
		}
	}
	now := s.now().UTC()
	if t.to != "" {
		r.m.Status = t.to
	}
	if t.apply != nil {
		t.apply(r, now, days)
	}
	r.m.UpdatedAt = now
	if t.event != "" {
		s.emitLocked(t.event, r.m.Company.ID, cloneMembership(r.m))
	}
	return nil
}

// cloneMembership copies m deeply enough that a later change to the
// record cannot alter an event waiting to be sent.
func cloneMembership(m whop.Membership) whop.Membership {
	if m.Metadata != nil {
		md := make(map[string]any, len(m.Metadata))
		for k, v := range m.Metadata {
			md[k] = v
		}
		m.Metadata = md
	}
	return m
}

// settleLocked applies the passing of time to every membership, oldest
// first: periods that ended renew, or end a membership set to cancel at
// period end; expiring one-time access expires.
func (s *Server) settleLocked() {
	now := s.now()
	var due []*membershipRec
	for _, r := range s.state.memberships {
		if !slices.Contains(live, r.m.Status) {
			continue
		}
		if (r.m.RenewalPeriodEnd != nil && !now.Before(*r.m.RenewalPeriodEnd)) || (r.expiresAt != nil && !now.Before(*r.expiresAt)) {
			due = append(due, r)
		}
	}
	sort.Slice(due, func(i, j int) bool { return due[i].seq < due[j].seq })
	for _, r := range due {
		switch {
		case r.expiresAt != nil:
			_ = s.transitionLocked(r, actExpire, 0)
		case r.m.CancelAtPeriodEnd:
			_ = s.transitionLocked(r, actPeriodEnd, 0)
		case r.periodDays > 0:
			_ = s.transitionLocked(r, actRenew, 0)
		}
	}
}

// membershipForPaymentLocked returns the member's membership of the plan,
// creating it as a draft on the first purchase. A successful charge then
// activates it (activateMembershipLocked).
func (s *Server) membershipForPaymentLocked(co *company, m *Member, pl *plan, metadata map[string]any) *membershipRec {
	for _, r := range s.state.memberships {
		if r.memberID == m.ID && r.planID == pl.ID {
			return r
		}
	}
	now := s.now().UTC()
	prod := s.state.products[pl.ProductID].p
	id := s.newID("mem")
	s.seq++
	r := &membershipRec{seq: s.seq, memberID: m.ID, planID: pl.ID, m: whop.Membership{
		MembershipListItem: whop.MembershipListItem{
			ID: id, Status: whop.MembershipStatusDrafted, Company: whop.CompanyRef{ID: co.ID, Title: co.Title},
			CreatedAt: now, UpdatedAt: now, Currency: ptr(pl.Currency), JoinedAt: ptr(m.createdAt),
			ManageURL: ptr("https://whop.com/orders/" + id + "/manage"), Member: &whop.MemberRef{ID: m.ID},
			Metadata: metadata, Plan: whop.PlanRef{ID: pl.ID, Metadata: pl.Metadata},
			Product: whop.ProductRef{ID: prod.ID, Title: prod.Title},
			User:    &whop.UserRef{ID: m.UserID, Name: m.namePtr(), Username: m.Username, Email: ptr(m.Email)},
		},
		CustomFieldResponses: []whop.CustomFieldResponse{},
	}}
	if pl.PlanType == whop.PlanTypeRenewal && pl.BillingPeriod != nil {
		r.periodDays = *pl.BillingPeriod
	}
	s.state.memberships[id] = r
	return r
}

// activateMembershipLocked grants the access a successful payment paid
// for: a drafted, canceled or expired membership becomes active; one that
// is live already stays as it is.
func (s *Server) activateMembershipLocked(p *whop.Payment) {
	if p.Membership == nil {
		return
	}
	r, ok := s.state.memberships[p.Membership.ID]
	if !ok {
		return
	}
	if slices.Contains(reactivate, r.m.Status) {
		_ = s.transitionLocked(r, actActivate, 0)
		if pl, ok := s.state.plans[r.planID]; ok && pl.PlanType == whop.PlanTypeOneTime && pl.ExpirationDays != nil {
			r.expiresAt = ptr(s.now().UTC().Add(time.Duration(*pl.ExpirationDays) * 24 * time.Hour))
		}
	}
	p.Membership = &whop.MembershipRef{ID: r.m.ID, Status: r.m.Status}
}

// revokeMembershipLocked ends the access a payment paid for once it is
// refunded in full: its live membership is canceled at once, unless a
// later payment has paid for the membership since.
func (s *Server) revokeMembershipLocked(p *whop.Payment) {
	if p.Membership == nil {
		return
	}
	r, ok := s.state.memberships[p.Membership.ID]
	if !ok || !slices.Contains(live, r.m.Status) {
		return
	}
	for _, o := range s.state.payments {
		if o.p.ID != p.ID && o.p.Membership != nil && o.p.Membership.ID == r.m.ID && o.p.PaidAt != nil &&
			o.p.PaidAt.After(*p.PaidAt) && o.p.Substatus != whop.PaymentSubstatusRefunded {
			return
		}
	}
	if s.transitionLocked(r, actRevoke, 0) == nil {
		p.Membership = &whop.MembershipRef{ID: r.m.ID, Status: r.m.Status}
	}
}

func (s *Server) membershipRoutes() {
	s.handle("GET "+BasePath+"/memberships", s.listMemberships)
	s.handle("GET "+BasePath+"/memberships/{id}", s.getMembership)
	s.handle("PATCH "+BasePath+"/memberships/{id}", s.updateMembership)
	s.handle("POST "+BasePath+"/memberships/{id}/cancel", s.cancelMembership)
	s.handle("POST "+BasePath+"/memberships/{id}/pause", s.membershipAction(actPause))
	s.handle("POST "+BasePath+"/memberships/{id}/resume", s.membershipAction(actResume))
	s.handle("POST "+BasePath+"/memberships/{id}/uncancel", s.membershipAction(actUncancel))
	s.handle("POST "+BasePath+"/memberships/{id}/add_free_days", s.addFreeDays)
}

func (s *Server) membershipLocked(id string) (*membershipRec, error) {
	return lookup(s.state.memberships, "membership", id)
}

func (s *Server) getMembership(r *http.Request) (any, error) {
	return getByID(s, r, s.membershipLocked, func(rec *membershipRec) any { return rec.m })
}

func (s *Server) updateMembership(r *http.Request) (any, error) {
	var in whop.MembershipUpdateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.membershipLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	setOrClear(&rec.m.Metadata, in.Metadata)
	rec.m.UpdatedAt = s.now().UTC()
	return rec.m, nil
}

// cancelMembership cancels at once or at the end of the period. Without a
// cancellation_mode, a renewing membership cancels at period end and any
// other at once.
func (s *Server) cancelMembership(r *http.Request) (any, error) {
	var in whop.MembershipCancelParams
	if r.ContentLength != 0 {
		if err := decodeBody(r, &in); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.membershipLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	action := actCancelNow
	switch {
	case in.CancellationMode == nil:
		if needsPeriod(rec) == "" {
			action = actCancelAtPeriodEnd
		}
	case *in.CancellationMode == whop.CancellationModeAtPeriodEnd:
		action = actCancelAtPeriodEnd
	case *in.CancellationMode != whop.CancellationModeImmediate:
		return nil, badParam("cancellation_mode", "cancellation_mode must be at_period_end or immediate")
	}
	if err := s.transitionLocked(rec, action, 0); err != nil {
		return nil, err
	}
	return rec.m, nil
}

// membershipAction serves an action that takes no body.
func (s *Server) membershipAction(action membershipAction) func(r *http.Request) (any, error) {
	return func(r *http.Request) (any, error) {
		if action == actPause && r.ContentLength != 0 {
			var in whop.MembershipPauseParams
			if err := decodeBody(r, &in); err != nil {
				return nil, err
			}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		rec, err := s.membershipLocked(r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		if err := s.transitionLocked(rec, action, 0); err != nil {
			return nil, err
		}
		return rec.m, nil
	}
}

func (s *Server) addFreeDays(r *http.Request) (any, error) {
	var in whop.MembershipAddFreeDaysParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	if in.FreeDays < 1 || in.FreeDays > whop.MaxFreeDays {
		return nil, badParam("free_days", "free_days must be between 1 and 1095")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.membershipLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if err := s.transitionLocked(rec, actAddFreeDays, in.FreeDays); err != nil {
		return nil, err
	}
	return rec.m, nil
}

func (s *Server) listMemberships(r *http.Request) (any, error) {
	q := r.URL.Query()
	win, err := parseCreatedWindow(q)
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
	reasons, plans, products := listArray(q, "cancel_options"), listArray(q, "plan_ids"), listArray(q, "product_ids")
	promos, statuses, users := listArray(q, "promo_code_ids"), listArray(q, "statuses"), listArray(q, "user_ids")
	var items []*membershipRec
	for _, rec := range s.state.memberships {
		m := &rec.m
		switch {
		case companyID != "" && m.Company.ID != companyID,
			!win.contains(m.CreatedAt),
			len(reasons) > 0 && (m.CancelOption == nil || !slices.Contains(reasons, string(*m.CancelOption))),
			len(plans) > 0 && !slices.Contains(plans, m.Plan.ID),
			len(products) > 0 && !slices.Contains(products, m.Product.ID),
			len(promos) > 0 && (m.PromoCode == nil || !slices.Contains(promos, m.PromoCode.ID)),
			len(statuses) > 0 && !slices.Contains(statuses, string(m.Status)),
			len(users) > 0 && (m.User == nil || !slices.Contains(users, m.User.ID)):
			continue
		}
		items = append(items, rec)
	}
	return listPage(items, q, func(rec *membershipRec) (whop.MembershipListItem, error) { return rec.m.MembershipListItem, nil })
}
