package whoptest

import (
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"time"

	"github.com/gowhop/whop"
)

// plan is a plan the fake knows: created through POST /plans, by SeedPlan,
// or inline by a payment or checkout configuration. It keeps the whole
// wire object, so every field a request set comes back.
type plan struct {
	whop.Plan
	CompanyID string
	ProductID string
	seq       int64
}

func (p *plan) created() time.Time { return p.CreatedAt }
func (p *plan) order() int64       { return p.seq }

func (s *Server) planRoutes() {
	s.handle("GET "+BasePath+"/plans", s.listPlans)
	s.handle("POST "+BasePath+"/plans", s.createPlan)
	s.handle("GET "+BasePath+"/plans/{id}", s.getPlan)
	s.handle("PATCH "+BasePath+"/plans/{id}", s.updatePlan)
	s.handle("DELETE "+BasePath+"/plans/{id}", s.deletePlan)
}

// SeedPlan adds a visible one-time plan priced at price in currency to a
// product and returns its ID. It is the same store POST /plans writes to.
func (s *Server) SeedPlan(productID string, price float64, currency whop.Currency) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.state.products[productID]
	if !ok {
		return "", notFound("product", productID)
	}
	pl, err := s.addPlanLocked(s.state.companies[rec.p.Company.ID], productID, "", &whop.PlanCreateParams{
		Currency: &currency, InitialPrice: &price, PlanType: ptr(whop.PlanTypeOneTime)}, whop.VisibilityVisible)
	if err != nil {
		return "", err
	}
	return pl.ID, nil
}

// addPlanLocked stores a plan built from a create body. prefix is where
// the body sits in the request ("" for POST /plans, "plan." inline), for
// error params; vis is the visibility when the body sets none.
func (s *Server) addPlanLocked(co *company, productID, prefix string, in *whop.PlanCreateParams, vis whop.Visibility) (*plan, error) {
	prod, ok := s.state.products[productID]
	if !ok || prod.p.Company.ID != co.ID {
		return nil, notFound("product", productID)
	}
	for _, v := range []struct {
		name string
		p    *float64
	}{{"initial_price", in.InitialPrice}, {"renewal_price", in.RenewalPrice}} {
		if v.p != nil && (*v.p < 0 || math.IsNaN(*v.p) || math.IsInf(*v.p, 0)) {
			return nil, badParam(prefix+v.name, v.name+" must not be negative")
		}
	}
	for _, v := range []struct {
		name string
		p    *int
	}{{"billing_period", in.BillingPeriod}, {"trial_period_days", in.TrialPeriodDays}, {"expiration_days", in.ExpirationDays}, {"stock", in.Stock}} {
		if v.p != nil && *v.p < 0 {
			return nil, badParam(prefix+v.name, v.name+" must not be negative")
		}
	}
	now := s.now().UTC()
	id := s.newID("plan")
	p := whop.Plan{PlanListItem: whop.PlanListItem{
		ID: id, Title: in.Title, Description: in.Description, InternalNotes: in.InternalNotes,
		PlanType: whop.PlanTypeRenewal, ReleaseMethod: whop.ReleaseMethodBuyNow, Visibility: vis, Currency: whop.CurrencyUSD,
		BillingPeriod: in.BillingPeriod, ExpirationDays: in.ExpirationDays, TrialPeriodDays: in.TrialPeriodDays,
		SplitPayRequiredPayments: in.SplitPayRequiredPayments, Stock: in.Stock, UnlimitedStock: true,
		MemberCount: ptr(0), ThreeDSLevel: in.ThreeDSLevel,
		Company: &whop.CompanyRef{ID: co.ID, Title: co.Title}, Product: &whop.ProductRef{ID: prod.p.ID, Title: prod.p.Title},
		PurchaseURL: "https://whop.com/checkout/" + id, Metadata: in.Metadata, CreatedAt: now, UpdatedAt: now,
	}, TaxType: whop.TaxTypeUnspecified, CustomFields: []whop.PlanCustomField{}}
	setPtr(&p.PlanType, in.PlanType)
	setPtr(&p.ReleaseMethod, in.ReleaseMethod)
	setPtr(&p.Visibility, in.Visibility)
	setPtr(&p.Currency, in.Currency)
	setPtr(&p.InitialPrice, in.InitialPrice)
	setPtr(&p.RenewalPrice, in.RenewalPrice)
	setPtr(&p.UnlimitedStock, in.UnlimitedStock)
	setPtr(&p.AdaptivePricingEnabled, in.AdaptivePricingEnabled)
	setPtr(&p.TaxType, in.OverrideTaxType)
	if in.Stock != nil && in.UnlimitedStock == nil {
		p.UnlimitedStock = false
	}
	if p.PlanType == whop.PlanTypeRenewal && p.BillingPeriod == nil {
		p.BillingPeriod = ptr(30)
	}
	if pmc := in.PaymentMethodConfiguration; pmc != nil {
		p.PaymentMethodConfiguration = paymentMethodConfig(*pmc)
	}
	p.CustomFields = s.planCustomFieldsLocked(in.CustomFields)
	s.seq++
	pl := &plan{Plan: p, CompanyID: co.ID, ProductID: prod.p.ID, seq: s.seq}
	s.state.plans[pl.ID] = pl
	return pl, nil
}

func paymentMethodConfig(in whop.PaymentMethodConfigurationParams) *whop.PaymentMethodConfiguration {
	out := &whop.PaymentMethodConfiguration{Enabled: in.Enabled, Disabled: in.Disabled}
	if out.Enabled == nil {
		out.Enabled = []whop.PaymentMethodType{}
	}
	if out.Disabled == nil {
		out.Disabled = []whop.PaymentMethodType{}
	}
	setPtr(&out.IncludePlatformDefaults, in.IncludePlatformDefaults)
	return out
}

func (s *Server) planCustomFieldsLocked(in []whop.CustomField) []whop.PlanCustomField {
	out := make([]whop.PlanCustomField, 0, len(in))
	for _, f := range in {
		cf := whop.PlanCustomField{ID: s.newID("cf"), FieldType: f.FieldType, Name: f.Name, Order: f.Order, Placeholder: f.Placeholder}
		setPtr(&cf.ID, f.ID)
		setPtr(&cf.Required, f.Required)
		out = append(out, cf)
	}
	return out
}

// setPtr copies *src into *dst when src is set.
func setPtr[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// planFromInputLocked resolves the plan of a payment or checkout
// configuration: the existing plan_id, or the inline plan (a
// *whop.PaymentPlanParams or *whop.CheckoutConfigurationPlanParams),
// created with every field it carries and, when it names one, its inline
// product.
func (s *Server) planFromInputLocked(co *company, planID string, inline any) (*plan, error) {
	if planID != "" {
		pl, ok := s.state.plans[planID]
		if !ok || pl.CompanyID != co.ID {
			return nil, notFound("plan", planID)
		}
		if _, ok := s.state.products[pl.ProductID]; !ok {
			return nil, notFound("product", pl.ProductID)
		}
		return pl, nil
	}
	// The inline shapes use the names of POST /plans; reading one through
	// JSON into the create body keeps every field both know.
	var in struct {
		whop.PlanCreateParams
		Product *whop.PlanProductParams `json:"product"`
	}
	b, err := json.Marshal(inline)
	if err == nil {
		err = json.Unmarshal(b, &in)
	}
	if err != nil {
		return nil, badParam("plan", "plan is not a valid object")
	}
	currency := ""
	if in.Currency != nil {
		currency = string(*in.Currency)
	}
	if err := required("plan.currency", currency); err != nil {
		return nil, err
	}
	if err := oneOf("plan.product_id", in.ProductID != "", "plan.product", in.Product != nil); err != nil {
		return nil, err
	}
	if in.PlanType == nil {
		in.PlanType = ptr(whop.PlanTypeOneTime)
	}
	productID := in.ProductID
	switch {
	case productID != "":
	case in.Product != nil:
		product := in.Product
		if err := required("plan.product.external_identifier", product.ExternalIdentifier); err != nil {
			return nil, err
		}
		if err := required("plan.product.title", product.Title); err != nil {
			return nil, err
		}
		for _, rec := range s.state.products {
			if rec.p.Company.ID == co.ID && rec.p.ExternalIdentifier != nil && *rec.p.ExternalIdentifier == product.ExternalIdentifier {
				productID = rec.p.ID
			}
		}
		if productID == "" {
			p := s.addProductLocked(co, &whop.ProductCreateParams{Title: product.Title, Headline: product.Headline,
				Description: product.Description, Route: product.Route, Visibility: product.Visibility}, s.now().UTC())
			ext := product.ExternalIdentifier
			s.state.products[p.ID].p.ExternalIdentifier = &ext
			productID = p.ID
		}
	default:
		return nil, missingParam("plan.product_id")
	}
	return s.addPlanLocked(co, productID, "plan.", &in.PlanCreateParams, whop.VisibilityHidden)
}

func (s *Server) createPlan(r *http.Request) (any, error) {
	var in whop.PlanCreateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	if in.ProductID == "" {
		return nil, missingParam("product_id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	co, err := s.companyLocked("company_id", in.CompanyID)
	if err != nil {
		return nil, err
	}
	pl, err := s.addPlanLocked(co, in.ProductID, "", &in, whop.VisibilityVisible)
	if err != nil {
		return nil, err
	}
	return pl.Plan, nil
}

// planViewLocked is the plan as the API shows it, with the number of its
// live memberships.
func (s *Server) planViewLocked(pl *plan) whop.Plan {
	p := pl.Plan
	n := 0
	for _, r := range s.state.memberships {
		if r.planID == pl.ID && slices.Contains(live, r.m.Status) {
			n++
		}
	}
	p.MemberCount = &n
	return p
}

func (s *Server) planLocked(id string) (*plan, error) {
	pl, ok := s.state.plans[id]
	if !ok {
		return nil, notFound("plan", id)
	}
	return pl, nil
}

func (s *Server) getPlan(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pl, err := s.planLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	return s.planViewLocked(pl), nil
}

func (s *Server) updatePlan(r *http.Request) (any, error) {
	var in whop.PlanUpdateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	pl, err := s.planLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	p := &pl.Plan
	// In a fixed order, so that a request with two bad prices is always
	// refused naming the same one.
	for _, f := range []struct {
		name string
		n    whop.Nullable[float64]
	}{{"initial_price", in.InitialPrice}, {"renewal_price", in.RenewalPrice}} {
		name, n := f.name, f.n
		if v, ok := n.Get(); ok && (v < 0 || math.IsNaN(v)) {
			return nil, badParam(name, name+" must not be negative")
		}
		if n.IsNull() {
			return nil, badParam(name, name+" cannot be null")
		}
	}
	setNullable(&p.Title, in.Title)
	setNullable(&p.Description, in.Description)
	setNullable(&p.InternalNotes, in.InternalNotes)
	setNullable(&p.BillingPeriod, in.BillingPeriod)
	setNullable(&p.ExpirationDays, in.ExpirationDays)
	setNullable(&p.TrialPeriodDays, in.TrialPeriodDays)
	setNullable(&p.Stock, in.Stock)
	setNullable(&p.ThreeDSLevel, in.ThreeDSLevel)
	setValue(&p.InitialPrice, in.InitialPrice)
	setValue(&p.RenewalPrice, in.RenewalPrice)
	setValue(&p.Visibility, in.Visibility)
	setValue(&p.Currency, in.Currency)
	setValue(&p.UnlimitedStock, in.UnlimitedStock)
	setValue(&p.AdaptivePricingEnabled, in.AdaptivePricingEnabled)
	setValue(&p.TaxType, in.OverrideTaxType)
	setOrClear(&p.Metadata, in.Metadata)
	if v, ok := in.PaymentMethodConfiguration.Get(); ok {
		p.PaymentMethodConfiguration = paymentMethodConfig(v)
	} else if in.PaymentMethodConfiguration.IsNull() {
		p.PaymentMethodConfiguration = nil
	}
	if v, ok := in.CustomFields.Get(); ok {
		p.CustomFields = s.planCustomFieldsLocked(v)
	} else if in.CustomFields.IsNull() {
		p.CustomFields = []whop.PlanCustomField{}
	}
	p.UpdatedAt = s.now().UTC()
	return s.planViewLocked(pl), nil
}

func (s *Server) deletePlan(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("id")
	if _, err := s.planLocked(id); err != nil {
		return nil, err
	}
	delete(s.state.plans, id)
	return true, nil
}

func (s *Server) listPlans(r *http.Request) (any, error) {
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
	types, products, methods := listArray(q, "plan_types"), listArray(q, "product_ids"), listArray(q, "release_methods")
	vis := listArray(q, "visibilities")
	var items []*plan
	for _, pl := range s.state.plans {
		switch {
		case pl.CompanyID != co.ID, !win.contains(pl.CreatedAt),
			len(types) > 0 && !slices.Contains(types, string(pl.PlanType)),
			len(products) > 0 && !slices.Contains(products, pl.ProductID),
			len(methods) > 0 && !slices.Contains(methods, string(pl.ReleaseMethod)),
			!visibilityMatches(vis, pl.Visibility):
			continue
		}
		items = append(items, pl)
	}
	return listPage(items, q, func(pl *plan) (whop.PlanListItem, error) { return s.planViewLocked(pl).PlanListItem, nil })
}
