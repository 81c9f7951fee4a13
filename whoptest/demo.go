package whoptest

import (
	"fmt"
	"time"

	"github.com/gowhop/whop"
)

// Demo lists what SeedDemo created.
type Demo struct {
	CompanyID  string
	ProductIDs []string
	PlanIDs    []string
	Members    []Member
	PaymentIDs []string
}

// Describe returns one line per seeded object, for printing.
func (d *Demo) Describe() []string {
	var out []string
	for _, id := range d.ProductIDs {
		out = append(out, "product: "+id)
	}
	for _, id := range d.PlanIDs {
		out = append(out, "plan: "+id)
	}
	for _, m := range d.Members {
		out = append(out, "member: "+m.ID+" (user "+m.UserID+", "+m.Name+")")
	}
	for _, id := range d.PaymentIDs {
		out = append(out, "payment: "+id)
	}
	return out
}

// SeedDemo fills the default company with a small, realistic world, so a
// program pointed at the fake finds data: three products with a plan each,
// two members with cards (one that declines) and token balances, and a few
// payments, paid and failed.
func (s *Server) SeedDemo() *Demo {
	d := &Demo{CompanyID: DefaultCompanyID}
	ada, bob := s.SeedMember("Ada Lovelace"), s.SeedMember("Bob Builder")
	adaCard, _ := s.SeedPaymentMethod(ada.ID, whop.PaymentMethodVariantCard)
	bobCard, _ := s.SeedPaymentMethod(bob.ID, whop.PaymentMethodVariantCard, Declining())
	d.Members = []Member{ada, bob}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now().UTC()
	for i, title := range []string{"Pickaxe Analytics", "Shovel Pro", "Lantern Club"} {
		created := now.Add(-time.Duration(3-i) * time.Hour)
		p := s.addProductLocked(s.state.companies[DefaultCompanyID], &whop.ProductCreateParams{
			Title: title, Headline: ptr(fmt.Sprintf("Demo product %d", i+1)), CustomCTA: ptr(whop.CustomCTAJoin),
		}, created)
		d.ProductIDs = append(d.ProductIDs, p.ID)
		pl, _ := s.addPlanLocked(s.state.companies[DefaultCompanyID], p.ID, "", &whop.PlanCreateParams{
			Currency: ptr(whop.CurrencyUSD), PlanType: ptr(whop.PlanTypeOneTime), InitialPrice: ptr(float64(25 * (i + 1)))},
			whop.VisibilityVisible)
		d.PlanIDs = append(d.PlanIDs, pl.ID)
	}
	for i, charge := range []struct {
		member Member
		card   string
	}{{ada, adaCard.ID}, {ada, adaCard.ID}, {bob, bobCard.ID}} {
		p, err := s.createPaymentLocked(&whop.PaymentCreateParams{CompanyID: DefaultCompanyID, PlanID: d.PlanIDs[i],
			MemberID: charge.member.ID, PaymentMethodID: ptr(charge.card)})
		if err == nil {
			d.PaymentIDs = append(d.PaymentIDs, p.ID)
		}
	}
	s.state.balances[memberKey{DefaultCompanyID, ada.UserID}] = 500
	s.state.balances[memberKey{DefaultCompanyID, bob.UserID}] = 120
	return d
}

func ptr[T any](v T) *T { return &v }
