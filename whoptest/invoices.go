package whoptest

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gowhop/whop"
)

// invoiceRec is an invoice created with POST /invoices. The fake does not
// charge invoices itself, whatever their collection method: an open
// invoice stays open until MarkPaid, or until a test moves it with
// MarkInvoicePastDue.
type invoiceRec struct {
	inv        whop.Invoice
	company    string
	productID  string
	collection whop.CollectionMethod
	seq        int64
}

// invoiceTransitions lists the statuses an invoice may move to from each
// status. Drafts are finalized into open invoices (FinalizeInvoice); an
// open invoice is paid, falls past due (MarkInvoicePastDue), or is closed
// as void or uncollectible. Paid and void are final.
var invoiceTransitions = map[whop.InvoiceStatus][]whop.InvoiceStatus{
	whop.InvoiceStatusDraft:         {whop.InvoiceStatusOpen},
	whop.InvoiceStatusOpen:          {whop.InvoiceStatusPaid, whop.InvoiceStatusPastDue, whop.InvoiceStatusVoid, whop.InvoiceStatusUncollectible},
	whop.InvoiceStatusPastDue:       {whop.InvoiceStatusPaid, whop.InvoiceStatusVoid, whop.InvoiceStatusUncollectible},
	whop.InvoiceStatusUncollectible: {whop.InvoiceStatusPaid, whop.InvoiceStatusVoid},
}

// invoiceEvents is the webhook each status change emits; finalizing a
// draft emits none.
var invoiceEvents = map[whop.InvoiceStatus]whop.WebhookEventType{
	whop.InvoiceStatusPaid:          whop.WebhookEventInvoicePaid,
	whop.InvoiceStatusPastDue:       whop.WebhookEventInvoicePastDue,
	whop.InvoiceStatusVoid:          whop.WebhookEventInvoiceVoided,
	whop.InvoiceStatusUncollectible: whop.WebhookEventInvoiceMarkedUncollectible,
}

// moveInvoiceLocked is the one way an invoice changes status: it checks
// the transition table, updates the invoice and emits the event of the
// new status.
func (s *Server) moveInvoiceLocked(rec *invoiceRec, to whop.InvoiceStatus) error {
	from := rec.inv.Status
	if !slices.Contains(invoiceTransitions[from], to) {
		return unprocessable("invalid_invoice_transition", "invoice "+rec.inv.ID+" is "+string(from)+" and cannot become "+string(to))
	}
	rec.inv.Status = to
	if ev, ok := invoiceEvents[to]; ok {
		s.emitLocked(ev, rec.company, rec.inv)
	}
	return nil
}

// FinalizeInvoice turns a draft invoice into an open one, as reaching its
// automatically_finalizes_at time does on the real API.
func (s *Server) FinalizeInvoice(id string) error {
	return s.moveInvoice(id, whop.InvoiceStatusOpen)
}

// MarkInvoicePastDue moves an open invoice past its due date, emitting
// invoice.past_due.
func (s *Server) MarkInvoicePastDue(id string) error {
	return s.moveInvoice(id, whop.InvoiceStatusPastDue)
}

func (s *Server) moveInvoice(id string, to whop.InvoiceStatus) error {
	s.mu.Lock()
	mark := s.markLocked()
	err := func() error {
		rec, err := s.invoiceLocked(id)
		if err != nil {
			return err
		}
		return s.moveInvoiceLocked(rec, to)
	}()
	s.mu.Unlock()
	s.flushWebhooks(context.Background(), mark)
	return err
}

func (s *Server) invoiceRoutes() {
	s.handle("GET "+BasePath+"/invoices", s.listInvoices)
	s.handle("POST "+BasePath+"/invoices", s.createInvoice)
	s.handle("GET "+BasePath+"/invoices/{id}", s.getInvoice)
	s.handle("PATCH "+BasePath+"/invoices/{id}", s.updateInvoice)
	s.handle("DELETE "+BasePath+"/invoices/{id}", s.deleteInvoice)
	s.handle("POST "+BasePath+"/invoices/{id}/void", s.invoiceAction(whop.InvoiceStatusVoid))
	s.handle("POST "+BasePath+"/invoices/{id}/mark_paid", s.invoiceAction(whop.InvoiceStatusPaid))
	s.handle("POST "+BasePath+"/invoices/{id}/mark_uncollectible", s.invoiceAction(whop.InvoiceStatusUncollectible))
}

func (s *Server) invoiceLocked(id string) (*invoiceRec, error) {
	return lookup(s.state.invoices, "invoice", id)
}

// formattedPrice renders an amount the way the API's formatted_price does
// for the currencies the fake knows best.
func formattedPrice(amount float64, cur whop.Currency) string {
	switch cur {
	case whop.CurrencyUSD:
		return fmt.Sprintf("$%.2f", amount)
	case whop.CurrencyEUR:
		return fmt.Sprintf("€%.2f", amount)
	case whop.CurrencyGBP:
		return fmt.Sprintf("£%.2f", amount)
	}
	return fmt.Sprintf("%.2f %s", amount, strings.ToUpper(string(cur)))
}

// invoicePrice is what an invoice's plan charges first.
func invoicePrice(p *whop.InvoicePlanParams) (float64, error) {
	var amount float64
	switch {
	case p.InitialPrice != nil:
		amount = *p.InitialPrice
	case p.RenewalPrice != nil:
		amount = *p.RenewalPrice
	}
	if amount < 0 || math.IsNaN(amount) || math.IsInf(amount, 0) {
		return 0, badParam("plan.initial_price", "prices must not be negative")
	}
	return amount, nil
}

func (s *Server) createInvoice(r *http.Request) (any, error) {
	var in whop.InvoiceCreateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	co, err := s.companyLocked("company_id", in.CompanyID)
	if err != nil {
		return nil, err
	}
	switch in.CollectionMethod {
	case whop.CollectionMethodSendInvoice, whop.CollectionMethodChargeAutomatically:
	case "":
		return nil, missingParam("collection_method")
	default:
		return nil, badParam("collection_method", "collection_method must be send_invoice or charge_automatically")
	}
	draft := in.SaveAsDraft != nil && *in.SaveAsDraft
	switch {
	case in.ProductID != "" && in.Product != nil:
		return nil, badParam("product_id", "give product_id or product, not both")
	case in.ProductID == "" && in.Product == nil:
		return nil, missingParam("product_id")
	case in.Product != nil && in.Product.Title == "":
		return nil, missingParam("product.title")
	case in.BillingAddress != nil && in.MailingAddressID != nil:
		return nil, badParam("mailing_address_id", "give billing_address or mailing_address_id, not both")
	case !draft && in.DueDate == nil:
		return nil, missingParam("due_date")
	}
	productID := in.ProductID
	if in.Product != nil {
		productID = s.addProductLocked(co, &whop.ProductCreateParams{Title: in.Product.Title}, s.now().UTC()).ID
	} else if rec, ok := s.state.products[productID]; !ok || rec.p.Company.ID != co.ID {
		return nil, notFound("product", productID)
	}
	amount, err := invoicePrice(&in.Plan)
	if err != nil {
		return nil, err
	}
	inv := whop.Invoice{
		ID: s.newID("inv"), Status: whop.InvoiceStatusOpen, CreatedAt: s.now().UTC(),
		DueDate: in.DueDate, FetchInvoiceToken: "fit_" + randomHex(16),
	}
	if draft {
		inv.Status = whop.InvoiceStatusDraft
	}
	if err := s.setInvoiceCustomerLocked(&inv, co, in.MemberID, in.EmailAddress, in.CustomerName, draft); err != nil {
		return nil, err
	}
	planType := whop.PlanTypeOneTime
	if in.Plan.PlanType != nil {
		planType = *in.Plan.PlanType
	}
	pl, err := s.addPlanLocked(co, productID, "plan.", &whop.PlanCreateParams{
		CompanyID: co.ID, ProductID: productID, Currency: ptr(whop.CurrencyUSD), PlanType: &planType,
		InitialPrice: &amount, InternalNotes: in.Plan.InternalNotes,
	}, whop.VisibilityHidden)
	if err != nil {
		return nil, err
	}
	inv.CurrentPlan = whop.PlanRef{ID: pl.ID, Currency: pl.Currency, FormattedPrice: formattedPrice(amount, pl.Currency)}
	n := 1
	for _, rec := range s.state.invoices {
		if rec.company == co.ID {
			n++
		}
	}
	inv.Number = fmt.Sprintf("INV-%04d", n)
	rec := &invoiceRec{inv: inv, company: co.ID, productID: productID, collection: in.CollectionMethod}
	s.addInvoiceLocked(rec)
	return rec.inv, nil
}

// addInvoiceLocked stores a new invoice, draft or open, and emits
// invoice.created: the start of its lifecycle.
func (s *Server) addInvoiceLocked(rec *invoiceRec) {
	s.seq++
	rec.seq = s.seq
	s.state.invoices[rec.inv.ID] = rec
	s.emitLocked(whop.WebhookEventInvoiceCreated, rec.company, rec.inv)
}

// setInvoiceCustomerLocked addresses an invoice to a member, or to the
// email address of someone who is not one yet. Drafts may have neither.
func (s *Server) setInvoiceCustomerLocked(inv *whop.Invoice, co *company, memberID, email, name *string, draft bool) error {
	switch {
	case memberID != nil:
		m, ok := s.state.members[*memberID]
		if !ok || m.CompanyID != co.ID {
			return notFound("member", *memberID)
		}
		inv.User = &whop.UserRef{ID: m.UserID, Name: m.namePtr(), Username: m.Username}
		inv.EmailAddress = nil
		if m.Email != "" {
			inv.EmailAddress = ptr(m.Email)
		}
	case email != nil && name != nil && *email != "" && *name != "":
		inv.User, inv.EmailAddress = nil, email
	case !draft:
		return missingParam("member_id")
	}
	return nil
}

func (s *Server) getInvoice(r *http.Request) (any, error) {
	return getByID(s, r, s.invoiceLocked, func(rec *invoiceRec) any { return rec.inv })
}

func (s *Server) listInvoices(r *http.Request) (any, error) {
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
	products, statuses, methods := listArray(q, "product_ids"), listArray(q, "statuses"), listArray(q, "collection_methods")
	var items []*invoiceRec
	for _, rec := range s.state.invoices {
		switch {
		case companyID != "" && rec.company != companyID,
			!win.contains(rec.inv.CreatedAt),
			len(products) > 0 && !slices.Contains(products, rec.productID),
			len(statuses) > 0 && !slices.Contains(statuses, string(rec.inv.Status)),
			len(methods) > 0 && !slices.Contains(methods, string(rec.collection)):
			continue
		}
		items = append(items, rec)
	}
	return listPageBy(items, q, invoiceOrders(), func(rec *invoiceRec) (whop.Invoice, error) { return rec.inv, nil })
}

// invoiceOrders are the sort orders of GET /invoices besides created_at:
// by ID (IDs grow with creation), and by due date (invoices without one
// first in ascending order, as nulls sort low).
func invoiceOrders() map[string]func(*invoiceRec) int64 {
	return map[string]func(*invoiceRec) int64{
		string(whop.InvoiceOrderID): func(r *invoiceRec) int64 { return r.seq },
		string(whop.InvoiceOrderDueDate): func(r *invoiceRec) int64 {
			if r.inv.DueDate == nil {
				return math.MinInt64
			}
			return r.inv.DueDate.UnixNano()
		},
	}
}

// updateInvoice changes a draft; other invoices are refused.
func (s *Server) updateInvoice(r *http.Request) (any, error) {
	var in whop.InvoiceUpdateParams
	if err := decodeBody(r, &in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.invoiceLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if rec.inv.Status != whop.InvoiceStatusDraft {
		return nil, unprocessable("invoice_not_draft", "invoice "+rec.inv.ID+" is "+string(rec.inv.Status)+"; only drafts can be updated")
	}
	co := s.state.companies[rec.company]
	inv := rec.inv
	if m, ok := in.MemberID.Get(); ok {
		if err := s.setInvoiceCustomerLocked(&inv, co, &m, nil, nil, true); err != nil {
			return nil, err
		}
	}
	setNullable(&inv.EmailAddress, in.EmailAddress)
	setNullable(&inv.DueDate, in.DueDate)
	if cm, ok := in.CollectionMethod.Get(); ok {
		if cm != whop.CollectionMethodSendInvoice && cm != whop.CollectionMethodChargeAutomatically {
			return nil, badParam("collection_method", "collection_method must be send_invoice or charge_automatically")
		}
		rec.collection = cm
	}
	if pid, ok := in.ProductID.Get(); ok {
		if p, ok := s.state.products[pid]; !ok || p.p.Company.ID != rec.company {
			return nil, notFound("product", pid)
		}
		rec.productID = pid
	}
	if pl, ok := in.Plan.Get(); ok {
		amount, err := invoicePrice(&pl)
		if err != nil {
			return nil, err
		}
		if stored, ok := s.state.plans[inv.CurrentPlan.ID]; ok {
			stored.InitialPrice = amount
		}
		inv.CurrentPlan.FormattedPrice = formattedPrice(amount, inv.CurrentPlan.Currency)
	}
	rec.inv = inv
	return rec.inv, nil
}

func (s *Server) deleteInvoice(r *http.Request) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.invoiceLocked(r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if rec.inv.Status != whop.InvoiceStatusDraft {
		return nil, unprocessable("invoice_not_draft", "invoice "+rec.inv.ID+" is "+string(rec.inv.Status)+"; only drafts can be deleted")
	}
	delete(s.state.invoices, rec.inv.ID)
	return true, nil
}

// invoiceAction serves the calls that move an invoice to status to and
// answer a bare true.
func (s *Server) invoiceAction(to whop.InvoiceStatus) func(*http.Request) (any, error) {
	return func(r *http.Request) (any, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		rec, err := s.invoiceLocked(r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		if err := s.moveInvoiceLocked(rec, to); err != nil {
			return nil, err
		}
		return true, nil
	}
}

func (r *invoiceRec) created() time.Time { return r.inv.CreatedAt }
func (r *invoiceRec) order() int64       { return r.seq }
