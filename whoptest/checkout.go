package whoptest

import (
	"net/http"
	"time"

	"github.com/gowhop/whop"
)

type checkoutRec struct {
	c         whop.CheckoutConfiguration
	seq       int64
	createdAt time.Time // not on the wire, but the list filters by it
}

func (s *Server) checkoutRoutes() {
	s.handle("GET "+BasePath+"/checkout_configurations", s.listCheckouts)
	s.handle("POST "+BasePath+"/checkout_configurations", s.createCheckout)
	s.handle("GET "+BasePath+"/checkout_configurations/{id}", s.getCheckout)
}

func (s *Server) createCheckout(r *http.Request) (any, error) {
	var in whop.CheckoutConfigurationCreateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.newID("ch")
	c := whop.CheckoutConfiguration{ID: id, Mode: whop.CheckoutModePayment, Currency: in.Currency,
		RedirectURL: in.RedirectURL, AffiliateCode: in.AffiliateCode, Metadata: in.Metadata}
	if in.AllowPromoCodes != nil {
		c.AllowPromoCodes = *in.AllowPromoCodes
	}
	if pmc := in.PaymentMethodConfiguration; pmc != nil {
		// The API answers with arrays even where the request left a list out.
		c.PaymentMethodConfiguration = &whop.PaymentMethodConfiguration{
			Enabled: nonNil(pmc.Enabled), Disabled: nonNil(pmc.Disabled)}
		if pmc.IncludePlatformDefaults != nil {
			c.PaymentMethodConfiguration.IncludePlatformDefaults = *pmc.IncludePlatformDefaults
		}
	}
	switch {
	case in.Mode == whop.CheckoutModeSetup:
		if in.Plan != nil || in.PlanID != "" {
			return nil, badParam("mode", "setup mode takes no plan")
		}
		if in.AffiliateCode != nil {
			return nil, badParam("affiliate_code", "setup mode takes no affiliate_code")
		}
		co, err := s.companyLocked("company_id", in.CompanyID)
		if err != nil {
			return nil, err
		}
		c.Mode, c.CompanyID = whop.CheckoutModeSetup, co.ID
		c.PurchaseURL = "https://whop.com/checkout/setup?session=" + id
	case in.Mode != "" && in.Mode != whop.CheckoutModePayment:
		return nil, badParam("mode", "mode must be payment or setup")
	case in.CompanyID != "":
		return nil, badParam("company_id", "company_id is only for setup mode; a new plan takes plan.company_id")
	case in.Plan != nil && in.PlanID != "":
		return nil, badParam("plan_id", "give plan_id or plan, not both")
	case in.Plan == nil && in.PlanID == "":
		return nil, missingParam("plan_id")
	default:
		var pl *plan
		if in.Plan != nil {
			co, err := s.companyLocked("plan.company_id", in.Plan.CompanyID)
			if err != nil {
				return nil, err
			}
			if in.Plan.Image != nil {
				if err := required("plan.image.id", in.Plan.Image.ID); err != nil {
					return nil, err
				}
			}
			if err := customFields("plan.custom_fields", in.Plan.CustomFields); err != nil {
				return nil, err
			}
			if pl, err = s.planFromInputLocked(co, "", in.Plan); err != nil {
				return nil, err
			}
		} else {
			var ok bool
			if pl, ok = s.state.plans[in.PlanID]; !ok {
				return nil, notFound("plan", in.PlanID)
			}
		}
		c.CompanyID = pl.CompanyID
		c.Plan = &whop.CheckoutConfigurationPlan{ID: pl.ID, Visibility: pl.Visibility, PlanType: pl.PlanType,
			ReleaseMethod: pl.ReleaseMethod, Currency: pl.Currency, InitialPrice: pl.InitialPrice, RenewalPrice: pl.RenewalPrice,
			BillingPeriod: pl.BillingPeriod, TrialPeriodDays: pl.TrialPeriodDays, ExpirationDays: pl.ExpirationDays,
			AdaptivePricingEnabled: pl.AdaptivePricingEnabled}
		c.PurchaseURL = "https://whop.com/checkout/" + pl.ID + "?session=" + id
	}
	s.seq++
	s.state.checkouts[id] = &checkoutRec{c: c, seq: s.seq, createdAt: s.now().UTC()}
	return c, nil
}

func (s *Server) getCheckout(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.state.checkouts[r.PathValue("id")]
	if !ok {
		return nil, notFound("checkout configuration", r.PathValue("id"))
	}
	return rec.c, nil
}

func (s *Server) listCheckouts(r *http.Request) (any, error) {
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
	planID := q.Get("plan_id")
	var items []*checkoutRec
	for _, rec := range s.state.checkouts {
		if rec.c.CompanyID != co.ID || (planID != "" && (rec.c.Plan == nil || rec.c.Plan.ID != planID)) || !win.contains(rec.createdAt) {
			continue
		}
		items = append(items, rec)
	}
	return listPage(items, q, func(rec *checkoutRec) (whop.CheckoutConfiguration, error) { return rec.c, nil })
}

func (r *checkoutRec) created() time.Time { return r.createdAt }
func (r *checkoutRec) order() int64       { return r.seq }
