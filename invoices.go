package whop

import (
	"context"
	"iter"
	"math"
	"net/http"
	"time"
)

// InvoicesService bills customers by invoice: create one, charge it to a
// stored payment method or email it, and close it as paid, void or
// uncollectible.
type InvoicesService service

// InvoiceStatus is the state of an invoice.
type InvoiceStatus string

// Values of InvoiceStatus.
const (
	InvoiceStatusDraft         InvoiceStatus = "draft"
	InvoiceStatusOpen          InvoiceStatus = "open"
	InvoiceStatusPaid          InvoiceStatus = "paid"
	InvoiceStatusPastDue       InvoiceStatus = "past_due"
	InvoiceStatusUncollectible InvoiceStatus = "uncollectible"
	InvoiceStatusVoid          InvoiceStatus = "void"
)

// CollectionMethod says how an invoice is collected: charged to a stored
// payment method, or emailed to the customer to pay.
type CollectionMethod string

// Values of CollectionMethod.
const (
	CollectionMethodSendInvoice         CollectionMethod = "send_invoice"
	CollectionMethodChargeAutomatically CollectionMethod = "charge_automatically"
)

// InvoiceOrder is the field an invoice list is sorted by.
type InvoiceOrder string

// Values of InvoiceOrder.
const (
	InvoiceOrderID        InvoiceOrder = "id"
	InvoiceOrderCreatedAt InvoiceOrder = "created_at"
	InvoiceOrderDueDate   InvoiceOrder = "due_date"
)

// TaxIdentifierType is the kind of a tax ID on a billing address: a
// country code and the local name of the number ("eu_vat", "us_ein", ...).
type TaxIdentifierType string

// Values of TaxIdentifierType.
const (
	TaxIdentifierTypeADNRT    TaxIdentifierType = "ad_nrt"
	TaxIdentifierTypeAOTIN    TaxIdentifierType = "ao_tin"
	TaxIdentifierTypeARCUIT   TaxIdentifierType = "ar_cuit"
	TaxIdentifierTypeAMTIN    TaxIdentifierType = "am_tin"
	TaxIdentifierTypeAWTIN    TaxIdentifierType = "aw_tin"
	TaxIdentifierTypeAUABN    TaxIdentifierType = "au_abn"
	TaxIdentifierTypeAUARN    TaxIdentifierType = "au_arn"
	TaxIdentifierTypeEUVAT    TaxIdentifierType = "eu_vat"
	TaxIdentifierTypeAZTIN    TaxIdentifierType = "az_tin"
	TaxIdentifierTypeBSTIN    TaxIdentifierType = "bs_tin"
	TaxIdentifierTypeBHVAT    TaxIdentifierType = "bh_vat"
	TaxIdentifierTypeBDBIN    TaxIdentifierType = "bd_bin"
	TaxIdentifierTypeBBTIN    TaxIdentifierType = "bb_tin"
	TaxIdentifierTypeBYTIN    TaxIdentifierType = "by_tin"
	TaxIdentifierTypeBJIFU    TaxIdentifierType = "bj_ifu"
	TaxIdentifierTypeBOTIN    TaxIdentifierType = "bo_tin"
	TaxIdentifierTypeBATIN    TaxIdentifierType = "ba_tin"
	TaxIdentifierTypeBRCNPJ   TaxIdentifierType = "br_cnpj"
	TaxIdentifierTypeBRCPF    TaxIdentifierType = "br_cpf"
	TaxIdentifierTypeBGUIC    TaxIdentifierType = "bg_uic"
	TaxIdentifierTypeBFIFU    TaxIdentifierType = "bf_ifu"
	TaxIdentifierTypeKHTIN    TaxIdentifierType = "kh_tin"
	TaxIdentifierTypeCMNIU    TaxIdentifierType = "cm_niu"
	TaxIdentifierTypeCABN     TaxIdentifierType = "ca_bn"
	TaxIdentifierTypeCAGSTHST TaxIdentifierType = "ca_gst_hst"
	TaxIdentifierTypeCAPSTBC  TaxIdentifierType = "ca_pst_bc"
	TaxIdentifierTypeCAPSTMB  TaxIdentifierType = "ca_pst_mb"
	TaxIdentifierTypeCAPSTSK  TaxIdentifierType = "ca_pst_sk"
	TaxIdentifierTypeCAQST    TaxIdentifierType = "ca_qst"
	TaxIdentifierTypeCVNIF    TaxIdentifierType = "cv_nif"
	TaxIdentifierTypeCLTIN    TaxIdentifierType = "cl_tin"
	TaxIdentifierTypeCNTIN    TaxIdentifierType = "cn_tin"
	TaxIdentifierTypeCONIT    TaxIdentifierType = "co_nit"
	TaxIdentifierTypeCDNIF    TaxIdentifierType = "cd_nif"
	TaxIdentifierTypeCRTIN    TaxIdentifierType = "cr_tin"
	TaxIdentifierTypeHROIB    TaxIdentifierType = "hr_oib"
	TaxIdentifierTypeDORCN    TaxIdentifierType = "do_rcn"
	TaxIdentifierTypeECRUC    TaxIdentifierType = "ec_ruc"
	TaxIdentifierTypeEGTIN    TaxIdentifierType = "eg_tin"
	TaxIdentifierTypeSVNIT    TaxIdentifierType = "sv_nit"
	TaxIdentifierTypeETTIN    TaxIdentifierType = "et_tin"
	TaxIdentifierTypeEUOSSVAT TaxIdentifierType = "eu_oss_vat"
	TaxIdentifierTypeGEVAT    TaxIdentifierType = "ge_vat"
	TaxIdentifierTypeDESTN    TaxIdentifierType = "de_stn"
	TaxIdentifierTypeGBVAT    TaxIdentifierType = "gb_vat"
	TaxIdentifierTypeGNNIF    TaxIdentifierType = "gn_nif"
	TaxIdentifierTypeHKBR     TaxIdentifierType = "hk_br"
	TaxIdentifierTypeHUTIN    TaxIdentifierType = "hu_tin"
	TaxIdentifierTypeISVAT    TaxIdentifierType = "is_vat"
	TaxIdentifierTypeINGST    TaxIdentifierType = "in_gst"
	TaxIdentifierTypeIDNPWP   TaxIdentifierType = "id_npwp"
	TaxIdentifierTypeILVAT    TaxIdentifierType = "il_vat"
	TaxIdentifierTypeJPCN     TaxIdentifierType = "jp_cn"
	TaxIdentifierTypeJPRN     TaxIdentifierType = "jp_rn"
	TaxIdentifierTypeJPTRN    TaxIdentifierType = "jp_trn"
	TaxIdentifierTypeKZBIN    TaxIdentifierType = "kz_bin"
	TaxIdentifierTypeKEPIN    TaxIdentifierType = "ke_pin"
	TaxIdentifierTypeKGTIN    TaxIdentifierType = "kg_tin"
	TaxIdentifierTypeLATIN    TaxIdentifierType = "la_tin"
	TaxIdentifierTypeLIUID    TaxIdentifierType = "li_uid"
	TaxIdentifierTypeLIVAT    TaxIdentifierType = "li_vat"
	TaxIdentifierTypeMYFRP    TaxIdentifierType = "my_frp"
	TaxIdentifierTypeMYITN    TaxIdentifierType = "my_itn"
	TaxIdentifierTypeMYSST    TaxIdentifierType = "my_sst"
	TaxIdentifierTypeMRNIF    TaxIdentifierType = "mr_nif"
	TaxIdentifierTypeMXRFC    TaxIdentifierType = "mx_rfc"
	TaxIdentifierTypeMDVAT    TaxIdentifierType = "md_vat"
	TaxIdentifierTypeMEPIB    TaxIdentifierType = "me_pib"
	TaxIdentifierTypeMAVAT    TaxIdentifierType = "ma_vat"
	TaxIdentifierTypeNPPAN    TaxIdentifierType = "np_pan"
	TaxIdentifierTypeNZGST    TaxIdentifierType = "nz_gst"
	TaxIdentifierTypeNGTIN    TaxIdentifierType = "ng_tin"
	TaxIdentifierTypeMKVAT    TaxIdentifierType = "mk_vat"
	TaxIdentifierTypeNOVAT    TaxIdentifierType = "no_vat"
	TaxIdentifierTypeNOVOEC   TaxIdentifierType = "no_voec"
	TaxIdentifierTypeOMVAT    TaxIdentifierType = "om_vat"
	TaxIdentifierTypePERUC    TaxIdentifierType = "pe_ruc"
	TaxIdentifierTypePHTIN    TaxIdentifierType = "ph_tin"
	TaxIdentifierTypePLNIP    TaxIdentifierType = "pl_nip"
	TaxIdentifierTypeROTIN    TaxIdentifierType = "ro_tin"
	TaxIdentifierTypeRUINN    TaxIdentifierType = "ru_inn"
	TaxIdentifierTypeRUKPP    TaxIdentifierType = "ru_kpp"
	TaxIdentifierTypeSAVAT    TaxIdentifierType = "sa_vat"
	TaxIdentifierTypeSNNINEA  TaxIdentifierType = "sn_ninea"
	TaxIdentifierTypeRSPIB    TaxIdentifierType = "rs_pib"
	TaxIdentifierTypeSGGST    TaxIdentifierType = "sg_gst"
	TaxIdentifierTypeSGUEN    TaxIdentifierType = "sg_uen"
	TaxIdentifierTypeSITIN    TaxIdentifierType = "si_tin"
	TaxIdentifierTypeZAVAT    TaxIdentifierType = "za_vat"
	TaxIdentifierTypeKRBRN    TaxIdentifierType = "kr_brn"
	TaxIdentifierTypeESCIF    TaxIdentifierType = "es_cif"
	TaxIdentifierTypeCHUID    TaxIdentifierType = "ch_uid"
	TaxIdentifierTypeCHVAT    TaxIdentifierType = "ch_vat"
	TaxIdentifierTypeTWVAT    TaxIdentifierType = "tw_vat"
	TaxIdentifierTypeTJTIN    TaxIdentifierType = "tj_tin"
	TaxIdentifierTypeTZVAT    TaxIdentifierType = "tz_vat"
	TaxIdentifierTypeTHVAT    TaxIdentifierType = "th_vat"
	TaxIdentifierTypeTRTIN    TaxIdentifierType = "tr_tin"
	TaxIdentifierTypeUGTIN    TaxIdentifierType = "ug_tin"
	TaxIdentifierTypeUAVAT    TaxIdentifierType = "ua_vat"
	TaxIdentifierTypeAETRN    TaxIdentifierType = "ae_trn"
	TaxIdentifierTypeUSEIN    TaxIdentifierType = "us_ein"
	TaxIdentifierTypeUYRUC    TaxIdentifierType = "uy_ruc"
	TaxIdentifierTypeUZTIN    TaxIdentifierType = "uz_tin"
	TaxIdentifierTypeUZVAT    TaxIdentifierType = "uz_vat"
	TaxIdentifierTypeVERIF    TaxIdentifierType = "ve_rif"
	TaxIdentifierTypeVNTIN    TaxIdentifierType = "vn_tin"
	TaxIdentifierTypeZMTIN    TaxIdentifierType = "zm_tin"
	TaxIdentifierTypeZWTIN    TaxIdentifierType = "zw_tin"
	TaxIdentifierTypeSRFIN    TaxIdentifierType = "sr_fin"
	TaxIdentifierTypeXIVAT    TaxIdentifierType = "xi_vat"
)

// Invoice is a bill for a plan addressed to a customer, as returned by
// every invoice call and carried by invoice.* webhooks.
type Invoice struct {
	ID        string        `json:"id"`
	Status    InvoiceStatus `json:"status"`
	CreatedAt time.Time     `json:"created_at"`
	// Number is the sequential invoice number shown to people.
	Number string `json:"number"`
	// CurrentPlan is the plan the invoice charges for; its Currency and
	// FormattedPrice are set.
	CurrentPlan PlanRef `json:"current_plan"`
	// DueDate is nil for an invoice collected automatically.
	DueDate      *time.Time `json:"due_date"`
	EmailAddress *string    `json:"email_address"`
	// FetchInvoiceToken lets anyone holding it fetch the invoice without
	// authentication, to show it to the customer.
	FetchInvoiceToken string `json:"fetch_invoice_token"`
	// User is the customer, nil when their account has been removed.
	User *UserRef `json:"user"`
}

func (x *Invoice) identity() (field, value string) { return "id", x.ID }

// InvoiceListParams filters GET /invoices. Every field is optional.
type InvoiceListParams struct {
	ListParams
	CompanyID         string             `url:"company_id,omitempty"`
	ProductIDs        []string           `url:"product_ids,brackets,omitempty"`
	Statuses          []InvoiceStatus    `url:"statuses,brackets,omitempty"`
	CollectionMethods []CollectionMethod `url:"collection_methods,brackets,omitempty"`
	Order             InvoiceOrder       `url:"order,omitempty"`
	Direction         Direction          `url:"direction,omitempty"`
	CreatedBefore     *time.Time         `url:"created_before,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	CreatedAfter      *time.Time         `url:"created_after,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
}

func (p *InvoiceListParams) validate() error {
	if p == nil {
		return nil
	}
	return p.ListParams.validate()
}

// InvoiceCreateParams is the body of POST /invoices. CompanyID and
// CollectionMethod are required, and so is exactly one of ProductID (an
// existing product) and Product (a product created with the invoice);
// Create refuses the params before sending anything otherwise.
//
// Unless SaveAsDraft is true, DueDate is required, and so is the customer:
// MemberID, or EmailAddress and CustomerName for someone who is not a
// member yet. BillingAddress and MailingAddressID exclude each other.
// Optional fields are pointers or slices; nil ones are left out.
type InvoiceCreateParams struct {
	CompanyID        string           `json:"company_id"`
	CollectionMethod CollectionMethod `json:"collection_method"`
	// Plan sets the price, currency and billing interval; it is always
	// sent, as {} when left empty.
	Plan InvoicePlanParams `json:"plan"`

	ProductID string                `json:"product_id,omitempty"`
	Product   *InvoiceProductParams `json:"product,omitempty"`

	MemberID     *string `json:"member_id,omitempty"`
	EmailAddress *string `json:"email_address,omitempty"`
	CustomerName *string `json:"customer_name,omitempty"`

	DueDate *time.Time `json:"due_date,omitempty"`
	// AutomaticallyFinalizesAt is when the invoice is charged
	// (charge_automatically) or emailed (send_invoice).
	AutomaticallyFinalizesAt *time.Time `json:"automatically_finalizes_at,omitempty"`
	// SubscriptionBillingAnchorAt anchors the billing periods of a renewal
	// plan to this date.
	SubscriptionBillingAnchorAt *time.Time `json:"subscription_billing_anchor_at,omitempty"`

	BillingAddress   *InvoiceBillingAddress `json:"billing_address,omitempty"`
	MailingAddressID *string                `json:"mailing_address_id,omitempty"`
	ChargeBuyerFee   *bool                  `json:"charge_buyer_fee,omitempty"`
	// LineItems break the total down; their quantity times unit price
	// must add up to the plan's price.
	LineItems       []InvoiceLineItem `json:"line_items,omitempty"`
	PaymentMethodID *string           `json:"payment_method_id,omitempty"`
	PaymentTokenID  *string           `json:"payment_token_id,omitempty"`
	// SaveAsDraft creates a draft, neither sent nor charged.
	SaveAsDraft *bool `json:"save_as_draft,omitempty"`
}

// InvoicePlanParams describes the plan an invoice charges for. Prices are
// amounts in the plan's currency with decimals (10.43). Nil fields are
// left out.
type InvoicePlanParams struct {
	PlanType        *PlanType      `json:"plan_type,omitempty"`
	InitialPrice    *float64       `json:"initial_price,omitempty"`
	RenewalPrice    *float64       `json:"renewal_price,omitempty"`
	BillingPeriod   *int           `json:"billing_period,omitempty"`
	TrialPeriodDays *int           `json:"trial_period_days,omitempty"`
	ExpirationDays  *int           `json:"expiration_days,omitempty"`
	Description     *string        `json:"description,omitempty"`
	InternalNotes   *string        `json:"internal_notes,omitempty"`
	ReleaseMethod   *ReleaseMethod `json:"release_method,omitempty"`
	Visibility      *Visibility    `json:"visibility,omitempty"`
	Stock           *int           `json:"stock,omitempty"`
	UnlimitedStock  *bool          `json:"unlimited_stock,omitempty"`
	CustomFields    []CustomField  `json:"custom_fields,omitempty"`
	// LegacyPaymentMethodControls keeps the plan on the older payment
	// method settings.
	LegacyPaymentMethodControls *bool                             `json:"legacy_payment_method_controls,omitempty"`
	PaymentMethodConfiguration  *PaymentMethodConfigurationParams `json:"payment_method_configuration,omitempty"`
}

// InvoiceProductParams describes a product created together with an
// invoice. Title is required.
type InvoiceProductParams struct {
	Title            string  `json:"title"`
	ProductTaxCodeID *string `json:"product_tax_code_id,omitempty"`
}

// InvoiceBillingAddress is an address given inline on an invoice, saved as
// a new mailing address. Nil parts are left out.
type InvoiceBillingAddress struct {
	Name       *string            `json:"name,omitempty"`
	Phone      *string            `json:"phone,omitempty"`
	Line1      *string            `json:"line1,omitempty"`
	Line2      *string            `json:"line2,omitempty"`
	City       *string            `json:"city,omitempty"`
	State      *string            `json:"state,omitempty"`
	PostalCode *string            `json:"postal_code,omitempty"`
	Country    *string            `json:"country,omitempty"`
	TaxIDType  *TaxIdentifierType `json:"tax_id_type,omitempty"`
	TaxIDValue *string            `json:"tax_id_value,omitempty"`
}

// InvoiceLineItem is one line of an invoice. Label is required; Quantity
// defaults to 1.
type InvoiceLineItem struct {
	Label     string   `json:"label"`
	UnitPrice float64  `json:"unit_price"`
	Quantity  *float64 `json:"quantity,omitempty"`
}

func (p *InvoiceCreateParams) validate() error {
	if p == nil {
		return paramErr("company_id", "is required")
	}
	if err := requireString("company_id", p.CompanyID); err != nil {
		return err
	}
	if err := requireString("collection_method", string(p.CollectionMethod)); err != nil {
		return err
	}
	if err := exactlyOne("product_id", p.ProductID != "", "product", p.Product != nil); err != nil {
		return err
	}
	if p.Product != nil {
		if err := requireString("product.title", p.Product.Title); err != nil {
			return err
		}
	} else if err := requireString("product_id", p.ProductID); err != nil {
		return err
	}
	if p.BillingAddress != nil && p.MailingAddressID != nil {
		return paramErr("mailing_address_id", "cannot be combined with billing_address")
	}
	if err := validateLineItems(p.LineItems); err != nil {
		return err
	}
	if err := validateCustomFields("plan.custom_fields", p.Plan.CustomFields); err != nil {
		return err
	}
	if p.SaveAsDraft != nil && *p.SaveAsDraft {
		return nil
	}
	if p.DueDate == nil {
		return paramErr("due_date", "is required unless save_as_draft is true")
	}
	if p.MemberID != nil {
		return requireString("member_id", *p.MemberID)
	}
	if p.EmailAddress == nil || p.CustomerName == nil {
		return paramErr("member_id", "is required (or set email_address and customer_name for a new customer) unless save_as_draft is true")
	}
	if err := requireString("email_address", *p.EmailAddress); err != nil {
		return err
	}
	return requireString("customer_name", *p.CustomerName)
}

// validateLineItems checks that each line item has the label and the
// unit price the API requires; a price that is not a finite number cannot
// be encoded as JSON.
func validateLineItems(items []InvoiceLineItem) error {
	for i, li := range items {
		at := "line_items[" + itoa(i) + "]"
		if err := requireString(at+".label", li.Label); err != nil {
			return err
		}
		if math.IsNaN(li.UnitPrice) || math.IsInf(li.UnitPrice, 0) {
			return paramErr(at+".unit_price", "must be a finite number")
		}
		if li.Quantity != nil && (math.IsNaN(*li.Quantity) || math.IsInf(*li.Quantity, 0)) {
			return paramErr(at+".quantity", "must be a finite number")
		}
	}
	return nil
}

// InvoiceUpdateParams is the body of PATCH /invoices/{id}, which changes a
// draft. Every field is a Nullable: leave it nil to keep the current
// value, Value(v) to change it, Null[T]() to clear it.
type InvoiceUpdateParams struct {
	AutomaticallyFinalizesAt    Nullable[time.Time]             `json:"automatically_finalizes_at,omitempty"`
	BillingAddress              Nullable[InvoiceBillingAddress] `json:"billing_address,omitempty"`
	ChargeBuyerFee              Nullable[bool]                  `json:"charge_buyer_fee,omitempty"`
	CollectionMethod            Nullable[CollectionMethod]      `json:"collection_method,omitempty"`
	CustomerName                Nullable[string]                `json:"customer_name,omitempty"`
	DueDate                     Nullable[time.Time]             `json:"due_date,omitempty"`
	EmailAddress                Nullable[string]                `json:"email_address,omitempty"`
	LineItems                   Nullable[[]InvoiceLineItem]     `json:"line_items,omitempty"`
	MailingAddressID            Nullable[string]                `json:"mailing_address_id,omitempty"`
	MemberID                    Nullable[string]                `json:"member_id,omitempty"`
	PaymentMethodID             Nullable[string]                `json:"payment_method_id,omitempty"`
	Plan                        Nullable[InvoicePlanParams]     `json:"plan,omitempty"`
	ProductID                   Nullable[string]                `json:"product_id,omitempty"`
	SubscriptionBillingAnchorAt Nullable[time.Time]             `json:"subscription_billing_anchor_at,omitempty"`
}

func (p *InvoiceUpdateParams) validate() error {
	if p == nil {
		return nil
	}
	if _, ok := p.BillingAddress.Get(); ok {
		if _, ok := p.MailingAddressID.Get(); ok {
			return paramErr("mailing_address_id", "cannot be combined with billing_address")
		}
	}
	if items, ok := p.LineItems.Get(); ok {
		if err := validateLineItems(items); err != nil {
			return err
		}
	}
	if plan, ok := p.Plan.Get(); ok {
		return validateCustomFields("plan.custom_fields", plan.CustomFields)
	}
	return nil
}

// List returns one page of invoices.
//
// GET /invoices
func (s *InvoicesService) List(ctx context.Context, params *InvoiceListParams, opts ...RequestOption) (*Page[Invoice], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[Invoice]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/invoices", query: params}, opts)
}

// ListAll iterates over every invoice matching params, fetching pages as
// the loop advances. params is not modified.
//
// GET /invoices
func (s *InvoicesService) ListAll(ctx context.Context, params *InvoiceListParams, opts ...RequestOption) iter.Seq2[Invoice, error] {
	return iterate(ctx, params, func(ctx context.Context, p *InvoiceListParams) (*Page[Invoice], error) {
		return s.List(ctx, p, opts...)
	})
}

// Create creates an invoice, and unless it is a draft, charges it or
// emails it to the customer.
//
// POST /invoices
func (s *InvoicesService) Create(ctx context.Context, params *InvoiceCreateParams, opts ...RequestOption) (*Invoice, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Invoice](ctx, s.client, apiRequest{method: http.MethodPost, path: "/invoices", body: params}, opts)
}

// Get retrieves an invoice.
//
// GET /invoices/{id}
func (s *InvoicesService) Get(ctx context.Context, id string, opts ...RequestOption) (*Invoice, error) {
	return call[Invoice](ctx, s.client, apiRequest{method: http.MethodGet, path: "/invoices/{id}", id: id}, opts)
}

// Update changes the fields of a draft invoice that params sets or clears.
//
// PATCH /invoices/{id}
func (s *InvoicesService) Update(ctx context.Context, id string, params *InvoiceUpdateParams, opts ...RequestOption) (*Invoice, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	if params == nil {
		params = &InvoiceUpdateParams{}
	}
	return call[Invoice](ctx, s.client, apiRequest{method: http.MethodPatch, path: "/invoices/{id}", id: id, body: params}, opts)
}

// Delete deletes a draft invoice. It returns nil once the API confirms
// with its bare true; a false answer is reported as an error.
//
// DELETE /invoices/{id}
func (s *InvoicesService) Delete(ctx context.Context, id string, opts ...RequestOption) error {
	return confirm(ctx, s.client, apiRequest{method: http.MethodDelete, path: "/invoices/{id}", id: id}, opts)
}

// Void cancels an open invoice so that it can no longer be paid. Voiding
// cannot be undone. It returns nil once the API confirms with its bare
// true; a false answer is reported as an error.
//
// POST /invoices/{id}/void
func (s *InvoicesService) Void(ctx context.Context, id string, opts ...RequestOption) error {
	return confirm(ctx, s.client, apiRequest{method: http.MethodPost, path: "/invoices/{id}/void", id: id}, opts)
}

// MarkPaid records that an open invoice was paid outside Whop. It returns
// nil once the API confirms with its bare true; a false answer is reported
// as an error.
//
// POST /invoices/{id}/mark_paid
func (s *InvoicesService) MarkPaid(ctx context.Context, id string, opts ...RequestOption) error {
	return confirm(ctx, s.client, apiRequest{method: http.MethodPost, path: "/invoices/{id}/mark_paid", id: id}, opts)
}

// MarkUncollectible records that an open invoice is not expected to be
// paid. It returns nil once the API confirms with its bare true; a false
// answer is reported as an error.
//
// POST /invoices/{id}/mark_uncollectible
func (s *InvoicesService) MarkUncollectible(ctx context.Context, id string, opts ...RequestOption) error {
	return confirm(ctx, s.client, apiRequest{method: http.MethodPost, path: "/invoices/{id}/mark_uncollectible", id: id}, opts)
}

// Invoice decodes the data of an invoice.* event (invoice.created,
// invoice.paid, invoice.past_due, invoice.voided,
// invoice.marked_uncollectible). For any other event type it returns an
// error matching ErrWebhookEventType; data that is missing or does not
// decode gives an error matching ErrWebhookInvalidPayload.
func (e *WebhookEvent) Invoice() (*Invoice, error) {
	return eventData[Invoice](e, "invoice.")
}
