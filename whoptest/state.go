package whoptest

import (
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/gowhop/whop"
)

// state is everything the fake API knows. Server.mu guards it.
type state struct {
	companies    map[string]*company
	products     map[string]*productRec
	members      map[string]*Member
	memberByUser map[memberKey]*Member
	tokenTxs     map[string]*tokenTxRec
	txByKey      map[idemKey]string
	balances     map[memberKey]float64

	plans          map[string]*plan
	payments       map[string]*paymentRec
	paymentMethods map[string]*paymentMethodRec
	checkouts      map[string]*checkoutRec

	memberships map[string]*membershipRec
	users       map[string]*userRec
	promoCodes  map[string]*promoCodeRec

	// After the sale.
	refunds          map[string]*refundRec
	disputes         map[string]*disputeRec
	invoices         map[string]*invoiceRec
	webhookEndpoints map[string]*webhookEndpointRec
}

func newState() *state {
	return &state{
		companies:    map[string]*company{},
		products:     map[string]*productRec{},
		members:      map[string]*Member{},
		memberByUser: map[memberKey]*Member{},
		tokenTxs:     map[string]*tokenTxRec{},
		txByKey:      map[idemKey]string{},
		balances:     map[memberKey]float64{},

		plans:          map[string]*plan{},
		payments:       map[string]*paymentRec{},
		paymentMethods: map[string]*paymentMethodRec{},
		checkouts:      map[string]*checkoutRec{},

		memberships: map[string]*membershipRec{},
		users:       map[string]*userRec{},
		promoCodes:  map[string]*promoCodeRec{},

		refunds:          map[string]*refundRec{},
		disputes:         map[string]*disputeRec{},
		invoices:         map[string]*invoiceRec{},
		webhookEndpoints: map[string]*webhookEndpointRec{},
	}
}

type company struct {
	ID, Title, Route string
}

func (c *company) ref() whop.CompanyRef {
	return whop.CompanyRef{ID: c.ID, Title: c.Title, Route: c.Route}
}

// SeedCompany adds a company the fake knows, returning its ID.
func (s *Server) SeedCompany(title string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.newID("biz")
	s.state.companies[id] = &company{ID: id, Title: title, Route: slug(title)}
	return id
}

func (s *Server) companyLocked(param, id string) (*company, error) {
	if err := required(param, id); err != nil {
		return nil, err
	}
	c, ok := s.state.companies[id]
	if !ok {
		return nil, notFound("company", id)
	}
	return c, nil
}

// listArray reads an array query parameter sent as name[]=a&name[]=b
// (or, leniently, as repeated plain keys). Empty values are dropped: a
// client that sends a null array as a bare "name=" (Whop's TypeScript SDK
// does) asks for no filter, so an empty result means "match everything".
func listArray(q url.Values, name string) []string {
	var out []string
	for _, key := range []string{name + "[]", name} {
		for _, v := range q[key] {
			if v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// nonNil returns s, or an empty slice when s is nil, so that a list the
// API always sends as an array never goes out as null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// timeParam parses an RFC 3339 query parameter; ok is false when absent.
func timeParam(q url.Values, name string) (t time.Time, ok bool, err error) {
	v := q.Get(name)
	if v == "" {
		return time.Time{}, false, nil
	}
	t, perr := time.Parse(time.RFC3339Nano, v)
	if perr != nil {
		return time.Time{}, false, badParam(name, name+" must be an RFC 3339 date-time")
	}
	return t, true, nil
}

// createdWindow is the created_before / created_after filter of lists.
type createdWindow struct {
	before, after       time.Time
	hasBefore, hasAfter bool
}

func parseCreatedWindow(q url.Values) (createdWindow, error) {
	var w createdWindow
	var err error
	if w.before, w.hasBefore, err = timeParam(q, "created_before"); err != nil {
		return w, err
	}
	if w.after, w.hasAfter, err = timeParam(q, "created_after"); err != nil {
		return w, err
	}
	return w, nil
}

func (w createdWindow) contains(t time.Time) bool {
	if w.hasBefore && !t.Before(w.before) {
		return false
	}
	if w.hasAfter && !t.After(w.after) {
		return false
	}
	return true
}

func slug(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			out = append(out, r)
		case r >= 'A' && r <= 'Z':
			out = append(out, r+'a'-'A')
		default:
			if len(out) > 0 && out[len(out)-1] != '-' {
				out = append(out, '-')
			}
		}
	}
	for len(out) > 0 && out[len(out)-1] == '-' {
		out = out[:len(out)-1]
	}
	return string(out)
}

// live lists the statuses in which a membership grants access: active,
// trialing, past due, and canceling until its period ends.
var live = []whop.MembershipStatus{whop.MembershipStatusActive, whop.MembershipStatusTrialing,
	whop.MembershipStatusPastDue, whop.MembershipStatusCanceling}

// hasAccessLocked reports whether the user holds a live membership whose
// company or product is resourceID.
func (s *Server) hasAccessLocked(userID, resourceID string) bool {
	for _, r := range s.state.memberships {
		if r.m.User != nil && r.m.User.ID == userID && slices.Contains(live, r.m.Status) &&
			(r.m.Product.ID == resourceID || r.m.Company.ID == resourceID) {
			return true
		}
	}
	return false
}

// lookup finds the record id names in one of the state's maps, or answers
// 404 naming kind. Callers hold s.mu.
func lookup[R any](m map[string]R, kind, id string) (R, error) {
	rec, ok := m[id]
	if !ok {
		var zero R
		return zero, notFound(kind, id)
	}
	return rec, nil
}

// getByID serves GET /{resource}/{id}: it finds the record with find
// under the lock and answers with view's wire object for it.
func getByID[R any](s *Server, r *http.Request, find func(id string) (R, error), view func(R) any) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := find(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return view(rec), nil
}
