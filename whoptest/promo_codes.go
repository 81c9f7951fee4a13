package whoptest

import (
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gowhop/whop"
)

// promoCodeRec is a promo code the fake knows.
type promoCodeRec struct {
	p       whop.PromoCode
	seq     int64
	planIDs []string
}

func (r *promoCodeRec) created() time.Time { return r.p.CreatedAt }
func (r *promoCodeRec) order() int64       { return r.seq }

func (s *Server) promoCodeRoutes() {
	s.handle("GET "+BasePath+"/promo_codes", s.listPromoCodes)
	s.handle("POST "+BasePath+"/promo_codes", s.createPromoCode)
	s.handle("GET "+BasePath+"/promo_codes/{id}", s.getPromoCode)
	s.handle("DELETE "+BasePath+"/promo_codes/{id}", s.deletePromoCode)
}

func (s *Server) createPromoCode(r *http.Request) (any, error) {
	var in whop.PromoCodeCreateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	switch {
	case strings.TrimSpace(in.Code) == "":
		return nil, missingParam("code")
	case in.BaseCurrency == "":
		return nil, missingParam("base_currency")
	case in.PromoType == "":
		return nil, missingParam("promo_type")
	case math.IsNaN(in.AmountOff) || in.AmountOff <= 0:
		return nil, badParam("amount_off", "amount_off must be greater than zero")
	case in.PromoType == whop.PromoTypePercentage && in.AmountOff > 100:
		return nil, badParam("amount_off", "a percentage cannot exceed 100")
	case in.PromoDurationMonths < 0:
		return nil, badParam("promo_duration_months", "promo_duration_months must not be negative")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	co, err := s.companyLocked("company_id", in.CompanyID)
	if err != nil {
		return nil, err
	}
	for _, rec := range s.state.promoCodes {
		if rec.p.Company.ID == co.ID && rec.p.Status != whop.PromoCodeStatusArchived && rec.p.Code != nil && strings.EqualFold(*rec.p.Code, in.Code) {
			return nil, &apiError{status: http.StatusUnprocessableEntity, typ: "invalid_request_error",
				message: "a promo code " + in.Code + " already exists", code: "promo_code_taken", param: "code"}
		}
	}
	var product *whop.ProductRef
	if in.ProductID != nil {
		prod, ok := s.state.products[*in.ProductID]
		if !ok || prod.p.Company.ID != co.ID {
			return nil, notFound("product", *in.ProductID)
		}
		product = &whop.ProductRef{ID: prod.p.ID, Title: prod.p.Title}
	}
	for _, id := range in.PlanIDs {
		if pl, ok := s.state.plans[id]; !ok || pl.CompanyID != co.ID {
			return nil, notFound("plan", id)
		}
	}
	duration := whop.PromoDurationOnce
	if in.PromoDurationMonths > 0 {
		duration = whop.PromoDurationRepeating
	}
	p := whop.PromoCode{PromoCodeListItem: whop.PromoCodeListItem{
		ID: s.newID("promo"), Code: ptr(in.Code), Status: whop.PromoCodeStatusActive, AmountOff: in.AmountOff,
		PromoType: in.PromoType, Currency: in.BaseCurrency, Duration: &duration, PromoDurationMonths: ptr(in.PromoDurationMonths),
		NewUsersOnly: in.NewUsersOnly, UnlimitedStock: true, ExpiresAt: in.ExpiresAt, Product: product, CreatedAt: s.now().UTC(),
	}, Company: whop.CompanyRef{ID: co.ID, Title: co.Title}}
	setPtr(&p.ChurnedUsersOnly, in.ChurnedUsersOnly)
	setPtr(&p.ExistingMembershipsOnly, in.ExistingMembershipsOnly)
	setPtr(&p.OnePerCustomer, in.OnePerCustomer)
	if in.Stock != nil {
		p.Stock, p.UnlimitedStock = *in.Stock, false
	}
	setPtr(&p.UnlimitedStock, in.UnlimitedStock)
	s.seq++
	s.state.promoCodes[p.ID] = &promoCodeRec{p: p, seq: s.seq, planIDs: slices.Clone(in.PlanIDs)}
	return p, nil
}

func (s *Server) promoCodeLocked(id string) (*promoCodeRec, error) {
	return lookup(s.state.promoCodes, "promo code", id)
}

func (s *Server) getPromoCode(r *http.Request) (any, error) {
	return getByID(s, r, s.promoCodeLocked, func(rec *promoCodeRec) any { return rec.p })
}

// deletePromoCode archives the code, as the API does: it stays readable
// but can no longer be applied.
func (s *Server) deletePromoCode(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.promoCodeLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	rec.p.Status = whop.PromoCodeStatusArchived
	return true, nil
}

func (s *Server) listPromoCodes(r *http.Request) (any, error) {
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
	plans, products, status := listArray(q, "plan_ids"), listArray(q, "product_ids"), q.Get("status")
	var items []*promoCodeRec
	for _, rec := range s.state.promoCodes {
		p := &rec.p
		switch {
		case p.Company.ID != co.ID, !win.contains(p.CreatedAt),
			status != "" && string(p.Status) != status,
			len(products) > 0 && (p.Product == nil || !slices.Contains(products, p.Product.ID)),
			len(plans) > 0 && !slices.ContainsFunc(rec.planIDs, func(id string) bool { return slices.Contains(plans, id) }):
			continue
		}
		items = append(items, rec)
	}
	return listPage(items, q, func(rec *promoCodeRec) (whop.PromoCodeListItem, error) { return rec.p.PromoCodeListItem, nil })
}

// applyPromoCodeLocked checks that a payment for pl may use the promo code
// and returns the discounted amount; the caller counts the use once the
// payment is made.
func (s *Server) applyPromoCodeLocked(id string, pl *plan, m *Member, amount float64) (*promoCodeRec, float64, error) {
	rec, ok := s.state.promoCodes[id]
	if !ok || rec.p.Company.ID != pl.CompanyID {
		return nil, 0, notFound("promo code", id)
	}
	p := &rec.p
	refuse := func(why string) error {
		return &apiError{status: http.StatusUnprocessableEntity, typ: "invalid_request_error",
			message: "promo code cannot be applied: " + why, code: "promo_code_invalid", param: "promo_code_id"}
	}
	switch {
	case p.Status != whop.PromoCodeStatusActive:
		return nil, 0, refuse("it is " + string(p.Status))
	case p.ExpiresAt != nil && !s.now().Before(*p.ExpiresAt):
		return nil, 0, refuse("it has expired")
	case !p.UnlimitedStock && p.Uses >= p.Stock:
		return nil, 0, refuse("it is used up")
	case p.Product != nil && p.Product.ID != pl.ProductID,
		len(rec.planIDs) > 0 && !slices.Contains(rec.planIDs, pl.ID):
		return nil, 0, refuse("it does not apply to this plan")
	case p.PromoType == whop.PromoTypeFlatAmount && p.Currency != pl.Currency:
		return nil, 0, refuse("its currency differs from the plan's")
	case p.OnePerCustomer && s.paidLocked(m, func(pay *whop.Payment) bool { return pay.PromoCode != nil && pay.PromoCode.ID == id }):
		return nil, 0, refuse("the customer has used it already")
	case p.NewUsersOnly && s.paidLocked(m, func(*whop.Payment) bool { return true }):
		return nil, 0, refuse("it is for new customers and this one has bought before")
	}
	off := p.AmountOff
	if p.PromoType == whop.PromoTypePercentage {
		off = amount * p.AmountOff / 100
	}
	return rec, round2(math.Max(0, amount-off)), nil
}

// paidLocked reports whether the member has a paid payment for which
// match holds.
func (s *Server) paidLocked(m *Member, match func(*whop.Payment) bool) bool {
	for _, rec := range s.state.payments {
		p := &rec.p
		if p.Member != nil && p.Member.ID == m.ID && p.PaidAt != nil && match(p) {
			return true
		}
	}
	return false
}
