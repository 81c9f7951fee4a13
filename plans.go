package whop

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// PlansService manages plans: the prices and billing terms under which a
// product is sold.
type PlansService service

// PlanOrder is the field a plan list is sorted by.
type PlanOrder string

// Values of PlanOrder.
const (
	PlanOrderID                 PlanOrder = "id"
	PlanOrderActiveMembersCount PlanOrder = "active_members_count"
	PlanOrderCreatedAt          PlanOrder = "created_at"
	PlanOrderInternalNotes      PlanOrder = "internal_notes"
	PlanOrderExpiresAt          PlanOrder = "expires_at"
)

// PlanListItem is a plan as list calls return it.
type PlanListItem struct {
	ID            string        `json:"id"`
	Title         *string       `json:"title"`
	Description   *string       `json:"description"`
	InternalNotes *string       `json:"internal_notes"`
	PlanType      PlanType      `json:"plan_type"`
	ReleaseMethod ReleaseMethod `json:"release_method"`
	Visibility    Visibility    `json:"visibility"`
	Currency      Currency      `json:"currency"`
	// InitialPrice is charged on the first purchase (on top of the first
	// RenewalPrice for a renewing plan); RenewalPrice every BillingPeriod
	// days. Both are amounts of Currency, such as 9.99.
	InitialPrice  float64 `json:"initial_price"`
	RenewalPrice  float64 `json:"renewal_price"`
	BillingPeriod *int    `json:"billing_period"`
	// ExpirationDays is how long access lasts on an expiring plan.
	ExpirationDays  *int `json:"expiration_days"`
	TrialPeriodDays *int `json:"trial_period_days"`
	// SplitPayRequiredPayments is the number of instalments after which
	// the subscription pauses.
	SplitPayRequiredPayments *int          `json:"split_pay_required_payments"`
	Stock                    *int          `json:"stock"`
	UnlimitedStock           bool          `json:"unlimited_stock"`
	MemberCount              *int          `json:"member_count"`
	AdaptivePricingEnabled   bool          `json:"adaptive_pricing_enabled"`
	ThreeDSLevel             *ThreeDSLevel `json:"three_ds_level"`
	// Company is nil for a standalone invoice plan, Product for a plan
	// sold without one.
	Company *CompanyRef  `json:"company"`
	Product *ProductRef  `json:"product"`
	Invoice *PlanInvoice `json:"invoice"`
	// PurchaseURL opens the checkout for this plan directly.
	PurchaseURL                string                      `json:"purchase_url"`
	PaymentMethodConfiguration *PaymentMethodConfiguration `json:"payment_method_configuration"`
	Metadata                   map[string]any              `json:"metadata"`
	CreatedAt                  time.Time                   `json:"created_at"`
	UpdatedAt                  time.Time                   `json:"updated_at"`
}

// Plan is a plan with all its details: its list form plus tax settings
// and custom checkout fields.
type Plan struct {
	PlanListItem
	// CollectTax reports whether tax is collected on this plan's sales.
	CollectTax   bool              `json:"collect_tax"`
	TaxType      TaxType           `json:"tax_type"`
	CustomFields []PlanCustomField `json:"custom_fields"`
}

// PlanInvoice is the invoice a plan was generated for.
type PlanInvoice struct {
	ID string `json:"id"`
}

// PlanCustomField is a question a plan's checkout asks the buyer.
type PlanCustomField struct {
	ID          string          `json:"id"`
	FieldType   CustomFieldType `json:"field_type"`
	Name        string          `json:"name"`
	Order       *int            `json:"order"`
	Placeholder *string         `json:"placeholder"`
	Required    bool            `json:"required"`
}

// PlanListParams filters GET /plans. CompanyID is required.
type PlanListParams struct {
	ListParams
	CompanyID      string             `url:"company_id"`
	PlanTypes      []PlanType         `url:"plan_types,brackets,omitempty"`
	ProductIDs     []string           `url:"product_ids,brackets,omitempty"`
	ReleaseMethods []ReleaseMethod    `url:"release_methods,brackets,omitempty"`
	Visibilities   []VisibilityFilter `url:"visibilities,brackets,omitempty"`
	Order          PlanOrder          `url:"order,omitempty"`
	Direction      Direction          `url:"direction,omitempty"`
	CreatedBefore  *time.Time         `url:"created_before,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	CreatedAfter   *time.Time         `url:"created_after,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
}

func (p *PlanListParams) validate() error {
	if p == nil {
		return paramErr("company_id", "is required")
	}
	if err := requireString("company_id", p.CompanyID); err != nil {
		return err
	}
	return p.ListParams.validate()
}

// PlanCreateParams is the body of POST /plans. CompanyID and ProductID are
// required; nil pointers are left out.
type PlanCreateParams struct {
	CompanyID     string         `json:"company_id"`
	ProductID     string         `json:"product_id"`
	Title         *string        `json:"title,omitempty"`
	Description   *string        `json:"description,omitempty"`
	InternalNotes *string        `json:"internal_notes,omitempty"`
	PlanType      *PlanType      `json:"plan_type,omitempty"`
	ReleaseMethod *ReleaseMethod `json:"release_method,omitempty"`
	Visibility    *Visibility    `json:"visibility,omitempty"`
	Currency      *Currency      `json:"currency,omitempty"`
	// InitialPrice is charged on the first purchase, RenewalPrice every
	// BillingPeriod days; both are amounts of Currency, such as 10.43.
	InitialPrice             *float64 `json:"initial_price,omitempty"`
	RenewalPrice             *float64 `json:"renewal_price,omitempty"`
	BillingPeriod            *int     `json:"billing_period,omitempty"`
	ExpirationDays           *int     `json:"expiration_days,omitempty"`
	TrialPeriodDays          *int     `json:"trial_period_days,omitempty"`
	SplitPayRequiredPayments *int     `json:"split_pay_required_payments,omitempty"`
	// Stock caps how many can be sold unless UnlimitedStock is true (the
	// API's default).
	Stock                       *int                              `json:"stock,omitempty"`
	UnlimitedStock              *bool                             `json:"unlimited_stock,omitempty"`
	AdaptivePricingEnabled      *bool                             `json:"adaptive_pricing_enabled,omitempty"`
	LegacyPaymentMethodControls *bool                             `json:"legacy_payment_method_controls,omitempty"`
	OverrideTaxType             *TaxType                          `json:"override_tax_type,omitempty"`
	ThreeDSLevel                *ThreeDSLevel                     `json:"three_ds_level,omitempty"`
	Image                       *FileRef                          `json:"image,omitempty"`
	CheckoutStyling             *CheckoutStyling                  `json:"checkout_styling,omitempty"`
	CustomFields                []CustomField                     `json:"custom_fields,omitempty"`
	PaymentMethodConfiguration  *PaymentMethodConfigurationParams `json:"payment_method_configuration,omitempty"`
	Metadata                    map[string]any                    `json:"metadata,omitempty"`
}

func (p *PlanCreateParams) validate() error {
	if p == nil {
		return paramErr("company_id", "is required")
	}
	if err := requireString("company_id", p.CompanyID); err != nil {
		return err
	}
	if err := requireString("product_id", p.ProductID); err != nil {
		return err
	}
	if p.Image != nil {
		if err := requireString("image.id", p.Image.ID); err != nil {
			return err
		}
	}
	return validateCustomFields("custom_fields", p.CustomFields)
}

// PlanUpdateParams is the body of PATCH /plans/{id}. Every field is a
// Nullable: leave it nil to keep the current value, Value(v) to change it,
// Null[T]() to clear it.
type PlanUpdateParams struct {
	Title                       Nullable[string]     `json:"title,omitempty"`
	Description                 Nullable[string]     `json:"description,omitempty"`
	InternalNotes               Nullable[string]     `json:"internal_notes,omitempty"`
	Visibility                  Nullable[Visibility] `json:"visibility,omitempty"`
	Currency                    Nullable[Currency]   `json:"currency,omitempty"`
	InitialPrice                Nullable[float64]    `json:"initial_price,omitempty"`
	RenewalPrice                Nullable[float64]    `json:"renewal_price,omitempty"`
	StrikeThroughInitialPrice   Nullable[float64]    `json:"strike_through_initial_price,omitempty"`
	StrikeThroughRenewalPrice   Nullable[float64]    `json:"strike_through_renewal_price,omitempty"`
	BillingPeriod               Nullable[int]        `json:"billing_period,omitempty"`
	ExpirationDays              Nullable[int]        `json:"expiration_days,omitempty"`
	TrialPeriodDays             Nullable[int]        `json:"trial_period_days,omitempty"`
	Stock                       Nullable[int]        `json:"stock,omitempty"`
	UnlimitedStock              Nullable[bool]       `json:"unlimited_stock,omitempty"`
	AdaptivePricingEnabled      Nullable[bool]       `json:"adaptive_pricing_enabled,omitempty"`
	LegacyPaymentMethodControls Nullable[bool]       `json:"legacy_payment_method_controls,omitempty"`
	// OfferCancelDiscount offers a retention discount to customers who
	// try to cancel.
	OfferCancelDiscount        Nullable[bool]                             `json:"offer_cancel_discount,omitempty"`
	OverrideTaxType            Nullable[TaxType]                          `json:"override_tax_type,omitempty"`
	ThreeDSLevel               Nullable[ThreeDSLevel]                     `json:"three_ds_level,omitempty"`
	Image                      Nullable[FileRef]                          `json:"image,omitempty"`
	CheckoutStyling            Nullable[CheckoutStyling]                  `json:"checkout_styling,omitempty"`
	CustomFields               Nullable[[]CustomField]                    `json:"custom_fields,omitempty"`
	PaymentMethodConfiguration Nullable[PaymentMethodConfigurationParams] `json:"payment_method_configuration,omitempty"`
	Metadata                   Nullable[map[string]any]                   `json:"metadata,omitempty"`
}

func (p *PlanUpdateParams) validate() error {
	if p == nil {
		return nil
	}
	if img, ok := p.Image.Get(); ok {
		if err := requireString("image.id", img.ID); err != nil {
			return err
		}
	}
	fields, _ := p.CustomFields.Get()
	return validateCustomFields("custom_fields", fields)
}

// validateCustomFields checks that each custom field has its required
// type and name; prefix is the fields' JSON path in the body.
func validateCustomFields(prefix string, fields []CustomField) error {
	for i, f := range fields {
		at := prefix + "[" + itoa(i) + "]"
		if f.FieldType == "" {
			return paramErr(at+".field_type", "is required")
		}
		if err := requireString(at+".name", f.Name); err != nil {
			return err
		}
	}
	return nil
}

// List returns one page of a company's plans.
//
// GET /plans
func (s *PlansService) List(ctx context.Context, params *PlanListParams, opts ...RequestOption) (*Page[PlanListItem], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[PlanListItem]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/plans", query: params}, opts)
}

// ListAll iterates over every plan matching params, fetching pages as the
// loop advances. params is not modified.
//
// GET /plans
func (s *PlansService) ListAll(ctx context.Context, params *PlanListParams, opts ...RequestOption) iter.Seq2[PlanListItem, error] {
	return iterate(ctx, params, func(ctx context.Context, p *PlanListParams) (*Page[PlanListItem], error) {
		return s.List(ctx, p, opts...)
	})
}

// Create creates a plan for a product.
//
// POST /plans
func (s *PlansService) Create(ctx context.Context, params *PlanCreateParams, opts ...RequestOption) (*Plan, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Plan](ctx, s.client, apiRequest{method: http.MethodPost, path: "/plans", body: params}, opts)
}

// Get retrieves a plan.
//
// GET /plans/{id}
func (s *PlansService) Get(ctx context.Context, id string, opts ...RequestOption) (*Plan, error) {
	return call[Plan](ctx, s.client, apiRequest{method: http.MethodGet, path: "/plans/{id}", id: id}, opts)
}

// Update changes the fields of a plan that params sets or clears.
//
// PATCH /plans/{id}
func (s *PlansService) Update(ctx context.Context, id string, params *PlanUpdateParams, opts ...RequestOption) (*Plan, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	if params == nil {
		params = &PlanUpdateParams{}
	}
	return call[Plan](ctx, s.client, apiRequest{method: http.MethodPatch, path: "/plans/{id}", id: id, body: params}, opts)
}

// Delete deletes a plan; memberships already on it are kept. It returns
// nil once the API confirms with its bare true.
//
// DELETE /plans/{id}
func (s *PlansService) Delete(ctx context.Context, id string, opts ...RequestOption) error {
	return confirm(ctx, s.client, apiRequest{method: http.MethodDelete, path: "/plans/{id}", id: id}, opts)
}

func (x *Plan) identity() (field, value string) { return "id", x.ID }

func (x *PlanListItem) identity() (field, value string) { return "id", x.ID }
