package whoptest

import (
	"net/http"
	"time"

	"github.com/gowhop/whop"
)

type paymentMethodRec struct {
	pm       whop.PaymentMethod
	memberID string
	company  string
	declines bool
	seq      int64
}

// PaymentMethodOption adjusts a seeded payment method.
type PaymentMethodOption func(*paymentMethodRec)

// Declining makes every charge to the payment method fail, as a card with
// insufficient funds would, until SetDeclining turns it off.
func Declining() PaymentMethodOption { return func(r *paymentMethodRec) { r.declines = true } }

// SeedPaymentMethod stores a payment method of the given shape for a
// member and returns it. Every typename the API knows is supported; each
// gets plausible details (a Visa ending 4242 for cards, and so on).
func (s *Server) SeedPaymentMethod(memberID string, typename whop.PaymentMethodVariant, opts ...PaymentMethodOption) (whop.PaymentMethod, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.state.members[memberID]
	if !ok {
		return whop.PaymentMethod{}, notFound("member", memberID)
	}
	pm := whop.PaymentMethod{Typename: typename, ID: s.newID("payt"), CreatedAt: s.now().UTC()}
	switch typename {
	case whop.PaymentMethodVariantCard:
		pm.PaymentMethodType = whop.PaymentMethodTypeCard
		pm.Card = &whop.PaymentMethodCard{Brand: ptr(whop.CardBrandVisa), Last4: ptr("4242"), ExpMonth: ptr(12), ExpYear: ptr(2030)}
	case whop.PaymentMethodVariantUSBankAccount:
		pm.PaymentMethodType = whop.PaymentMethodTypeUSBankAccount
		pm.USBankAccount = &whop.PaymentMethodUSBankAccount{BankName: "Test Bank", Last4: "6789", AccountType: "checking"}
	case whop.PaymentMethodVariantCashapp:
		pm.PaymentMethodType = whop.PaymentMethodTypeCashapp
		pm.Cashapp = &whop.PaymentMethodCashapp{BuyerID: ptr("buyer_test"), Cashtag: ptr("$" + m.Username)}
	case whop.PaymentMethodVariantIdeal:
		pm.PaymentMethodType = whop.PaymentMethodTypeIdeal
		pm.Ideal = &whop.PaymentMethodIdeal{Bank: ptr("ing"), BIC: ptr("INGBNL2A")}
	case whop.PaymentMethodVariantSEPADebit:
		pm.PaymentMethodType = whop.PaymentMethodTypeSEPADebit
		pm.SEPADebit = &whop.PaymentMethodSEPADebit{BankCode: ptr("37040044"), Country: ptr("DE"), Last4: ptr("3000")}
	default:
		pm.Typename = whop.PaymentMethodVariantBase
		pm.PaymentMethodType = whop.PaymentMethodTypeCard
	}
	rec := &paymentMethodRec{pm: pm, memberID: m.ID, company: m.CompanyID}
	for _, o := range opts {
		o(rec)
	}
	s.seq++
	rec.seq = s.seq
	s.state.paymentMethods[pm.ID] = rec
	return pm, nil
}

// SetDeclining switches whether charges to a seeded payment method fail.
func (s *Server) SetDeclining(paymentMethodID string, declines bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec, ok := s.state.paymentMethods[paymentMethodID]; ok {
		rec.declines = declines
	}
}

func (s *Server) paymentMethodRoutes() {
	s.handle("GET "+BasePath+"/payment_methods", s.listPaymentMethods)
	s.handle("GET "+BasePath+"/payment_methods/{id}", s.getPaymentMethod)
}

func (s *Server) listPaymentMethods(r *http.Request) (any, error) {
	q := r.URL.Query()
	memberID, companyID := q.Get("member_id"), q.Get("company_id")
	if memberID == "" && companyID == "" {
		return nil, missingParam("member_id")
	}
	win, err := parseCreatedWindow(q)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var items []*paymentMethodRec
	for _, rec := range s.state.paymentMethods {
		if (memberID != "" && rec.memberID != memberID) || (companyID != "" && rec.company != companyID) || !win.contains(rec.pm.CreatedAt) {
			continue
		}
		items = append(items, rec)
	}
	return listPage(items, q, func(rec *paymentMethodRec) (whop.PaymentMethod, error) { return rec.pm, nil })
}

func (s *Server) getPaymentMethod(r *http.Request) (any, error) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.state.paymentMethods[r.PathValue("id")]
	if !ok || (q.Get("member_id") != "" && q.Get("member_id") != rec.memberID) || (q.Get("company_id") != "" && q.Get("company_id") != rec.company) {
		return nil, notFound("payment method", r.PathValue("id"))
	}
	return rec.pm, nil
}

func (r *paymentMethodRec) created() time.Time { return r.pm.CreatedAt }
func (r *paymentMethodRec) order() int64       { return r.seq }
