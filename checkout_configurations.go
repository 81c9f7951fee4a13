package whop

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// CheckoutConfigurationsService manages checkout configurations: reusable
// checkouts for a plan, or for saving a payment method (setup mode).
type CheckoutConfigurationsService service

// CheckoutMode says what a checkout does: take a payment, or only save a
// payment method for later (setup).
type CheckoutMode string

// Values of CheckoutMode.
const (
	CheckoutModePayment CheckoutMode = "payment"
	CheckoutModeSetup   CheckoutMode = "setup"
)

// CheckoutFont is a font a checkout page can use.
type CheckoutFont string

// Values of CheckoutFont.
const (
	CheckoutFontSystem   CheckoutFont = "system"
	CheckoutFontRoboto   CheckoutFont = "roboto"
	CheckoutFontOpenSans CheckoutFont = "open_sans"
)

// CheckoutShape is the corner style of the buttons and fields of a
// checkout page.
type CheckoutShape string

// Values of CheckoutShape.
const (
	CheckoutShapeRounded     CheckoutShape = "rounded"
	CheckoutShapePill        CheckoutShape = "pill"
	CheckoutShapeRectangular CheckoutShape = "rectangular"
)

// TaxType says whether prices include tax.
type TaxType string

// Values of TaxType.
const (
	TaxTypeInclusive   TaxType = "inclusive"
	TaxTypeExclusive   TaxType = "exclusive"
	TaxTypeUnspecified TaxType = "unspecified"
)

// CheckoutConfiguration is a reusable checkout: a plan (or, in setup mode,
// only the collection of a payment method), with the metadata, affiliate
// code and redirect to apply. Send buyers to PurchaseURL.
type CheckoutConfiguration struct {
	ID        string       `json:"id"`
	CompanyID string       `json:"company_id"`
	Mode      CheckoutMode `json:"mode"`
	// Currency selects the currency-specific payment methods offered in
	// setup mode.
	Currency *Currency                  `json:"currency"`
	Plan     *CheckoutConfigurationPlan `json:"plan"`
	// PurchaseURL is the link that opens this checkout for a buyer.
	PurchaseURL     string  `json:"purchase_url"`
	RedirectURL     *string `json:"redirect_url"`
	AffiliateCode   *string `json:"affiliate_code"`
	AllowPromoCodes bool    `json:"allow_promo_codes"`
	// PaymentMethodConfiguration overrides the payment methods offered; the
	// API applies it in setup mode only.
	PaymentMethodConfiguration *PaymentMethodConfiguration `json:"payment_method_configuration"`
	// Metadata is copied to the payments and memberships the checkout
	// produces.
	Metadata map[string]any `json:"metadata"`
}

func (c *CheckoutConfiguration) identity() (field, value string) { return "id", c.ID }

// CheckoutConfigurationPlan is the plan a checkout configuration sells.
type CheckoutConfigurationPlan struct {
	ID            string        `json:"id"`
	Visibility    Visibility    `json:"visibility"`
	PlanType      PlanType      `json:"plan_type"`
	ReleaseMethod ReleaseMethod `json:"release_method"`
	Currency      Currency      `json:"currency"`
	// InitialPrice is charged on the first purchase, RenewalPrice every
	// BillingPeriod days, in Currency units.
	InitialPrice           float64 `json:"initial_price"`
	RenewalPrice           float64 `json:"renewal_price"`
	BillingPeriod          *int    `json:"billing_period"`
	TrialPeriodDays        *int    `json:"trial_period_days"`
	ExpirationDays         *int    `json:"expiration_days"`
	AdaptivePricingEnabled bool    `json:"adaptive_pricing_enabled"`
	// ThreeDSLevel is the 3-D Secure check the plan asks of card
	// payments; nil leaves it to the card network and issuer.
	ThreeDSLevel *ThreeDSLevel `json:"three_ds_level"`
}

// PaymentMethodConfiguration says which payment methods a checkout offers:
// Whop's defaults (when IncludePlatformDefaults) less Disabled, plus
// Enabled.
type PaymentMethodConfiguration struct {
	Enabled                 []PaymentMethodType `json:"enabled"`
	Disabled                []PaymentMethodType `json:"disabled"`
	IncludePlatformDefaults bool                `json:"include_platform_defaults"`
}

// CheckoutConfigurationListParams filters GET /checkout_configurations.
// CompanyID is required.
type CheckoutConfigurationListParams struct {
	ListParams
	CompanyID     string     `url:"company_id"`
	PlanID        string     `url:"plan_id,omitempty"`
	Direction     Direction  `url:"direction,omitempty"`
	CreatedBefore *time.Time `url:"created_before,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	CreatedAfter  *time.Time `url:"created_after,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
}

func (p *CheckoutConfigurationListParams) validate() error {
	if p == nil {
		return paramErr("company_id", "is required")
	}
	if err := requireString("company_id", p.CompanyID); err != nil {
		return err
	}
	return p.ListParams.validate()
}

// CheckoutConfigurationCreateParams is the body of POST
// /checkout_configurations. The API accepts three shapes; set the fields of
// exactly one, or Create refuses the params before sending anything:
//
//   - payment mode with a new plan: Plan (Mode empty or CheckoutModePayment);
//   - payment mode with an existing plan: PlanID (Mode empty or
//     CheckoutModePayment);
//   - setup mode, which only saves a payment method for later: Mode
//     CheckoutModeSetup and CompanyID, without Plan, PlanID or
//     AffiliateCode.
//
// Optional fields are pointers or maps; nil ones are left out.
type CheckoutConfigurationCreateParams struct {
	Mode      CheckoutMode                     `json:"mode,omitempty"`
	Plan      *CheckoutConfigurationPlanParams `json:"plan,omitempty"`
	PlanID    string                           `json:"plan_id,omitempty"`
	CompanyID string                           `json:"company_id,omitempty"`

	AffiliateCode   *string          `json:"affiliate_code,omitempty"`
	AllowPromoCodes *bool            `json:"allow_promo_codes,omitempty"`
	CheckoutStyling *CheckoutStyling `json:"checkout_styling,omitempty"`
	// Currency selects the currency-specific payment methods offered in
	// setup mode; the API defaults it to usd there.
	Currency *Currency `json:"currency,omitempty"`
	// PaymentMethodConfiguration applies to setup mode only; for payment
	// mode set it on Plan.
	PaymentMethodConfiguration *PaymentMethodConfigurationParams `json:"payment_method_configuration,omitempty"`
	RedirectURL                *string                           `json:"redirect_url,omitempty"`
	// SourceURL is the page the checkout is started from.
	SourceURL *string        `json:"source_url,omitempty"`
	Metadata  map[string]any `json:"metadata,omitempty"`
}

// CheckoutConfigurationPlanParams describes a plan created together with a
// checkout configuration. CompanyID and Currency are required, and so is
// exactly one of ProductID (an existing product) and Product (a product
// found by its external identifier or created).
type CheckoutConfigurationPlanParams struct {
	CompanyID     string             `json:"company_id"`
	Currency      Currency           `json:"currency"`
	ProductID     *string            `json:"product_id,omitempty"`
	Product       *PlanProductParams `json:"product,omitempty"`
	PlanType      *PlanType          `json:"plan_type,omitempty"`
	ReleaseMethod *ReleaseMethod     `json:"release_method,omitempty"`
	// InitialPrice is charged on the first purchase, RenewalPrice every
	// BillingPeriod days; both are amounts of Currency, such as 9.99.
	InitialPrice    *float64 `json:"initial_price,omitempty"`
	RenewalPrice    *float64 `json:"renewal_price,omitempty"`
	BillingPeriod   *int     `json:"billing_period,omitempty"`
	TrialPeriodDays *int     `json:"trial_period_days,omitempty"`
	ExpirationDays  *int     `json:"expiration_days,omitempty"`
	// SplitPayRequiredPayments is the number of payments after which the
	// subscription pauses.
	SplitPayRequiredPayments *int `json:"split_pay_required_payments,omitempty"`
	// ApplicationFeeAmount is what a platform keeps from a payment to one
	// of its connected companies.
	ApplicationFeeAmount   *float64    `json:"application_fee_amount,omitempty"`
	AdaptivePricingEnabled *bool       `json:"adaptive_pricing_enabled,omitempty"`
	OverrideTaxType        *TaxType    `json:"override_tax_type,omitempty"`
	Title                  *string     `json:"title,omitempty"`
	Description            *string     `json:"description,omitempty"`
	InternalNotes          *string     `json:"internal_notes,omitempty"`
	Image                  *FileRef    `json:"image,omitempty"`
	Visibility             *Visibility `json:"visibility,omitempty"`
	// Stock caps how many can be sold; nil means no limit.
	Stock                      *int                              `json:"stock,omitempty"`
	CustomFields               []CustomField                     `json:"custom_fields,omitempty"`
	PaymentMethodConfiguration *PaymentMethodConfigurationParams `json:"payment_method_configuration,omitempty"`
	// ForceCreateNewPlan creates a plan even when an identical one exists.
	ForceCreateNewPlan *bool `json:"force_create_new_plan,omitempty"`
}

// PaymentMethodConfigurationParams chooses the payment methods a checkout
// offers. Enabled and Disabled are always sent, as empty lists when nil.
type PaymentMethodConfigurationParams struct {
	Enabled  []PaymentMethodType `json:"enabled"`
	Disabled []PaymentMethodType `json:"disabled"`
	// IncludePlatformDefaults starts from Whop's default set of methods;
	// Disabled then removes from it.
	IncludePlatformDefaults *bool `json:"include_platform_defaults,omitempty"`
}

// MarshalJSON writes nil Enabled or Disabled lists as [], since the API
// requires both.
func (p PaymentMethodConfigurationParams) MarshalJSON() ([]byte, error) {
	type fields PaymentMethodConfigurationParams // no methods: no recursion
	if p.Enabled == nil {
		p.Enabled = []PaymentMethodType{}
	}
	if p.Disabled == nil {
		p.Disabled = []PaymentMethodType{}
	}
	return json.Marshal(fields(p))
}

// CheckoutStyling overrides the look of one checkout, taking precedence
// over the plan's and the company's settings.
type CheckoutStyling struct {
	// BackgroundColor and ButtonColor are CSS colors, such as "#0f172a".
	BackgroundColor *string        `json:"background_color,omitempty"`
	ButtonColor     *string        `json:"button_color,omitempty"`
	BorderStyle     *CheckoutShape `json:"border_style,omitempty"`
	FontFamily      *CheckoutFont  `json:"font_family,omitempty"`
}

func (p *CheckoutConfigurationCreateParams) validate() error {
	if p == nil {
		return paramErr("plan_id", "is required (or set plan, or mode setup with company_id)")
	}
	switch p.Mode {
	case CheckoutModeSetup:
		return p.validateSetup()
	case "", CheckoutModePayment:
		return p.validatePayment()
	}
	return paramErr("mode", "must be "+string(CheckoutModePayment)+", "+string(CheckoutModeSetup)+" or empty, not "+strconv.Quote(string(p.Mode)))
}

func (p *CheckoutConfigurationCreateParams) validateSetup() error {
	if err := requireString("company_id", p.CompanyID); err != nil {
		return err
	}
	switch {
	case p.Plan != nil:
		return paramErr("plan", "cannot be used in setup mode")
	case p.PlanID != "":
		return paramErr("plan_id", "cannot be used in setup mode")
	case p.AffiliateCode != nil:
		return paramErr("affiliate_code", "cannot be used in setup mode")
	}
	return nil
}

func (p *CheckoutConfigurationCreateParams) validatePayment() error {
	if p.CompanyID != "" {
		return paramErr("company_id", "is only for setup mode; for a new plan set plan.company_id")
	}
	if err := exactlyOne("plan_id", p.PlanID != "", "plan", p.Plan != nil); err != nil {
		return err
	}
	if p.Plan == nil {
		return requireString("plan_id", p.PlanID)
	}
	return p.Plan.validate("plan")
}

func (p *CheckoutConfigurationPlanParams) validate(field string) error {
	if err := requireString(field+".company_id", p.CompanyID); err != nil {
		return err
	}
	if err := requireString(field+".currency", string(p.Currency)); err != nil {
		return err
	}
	if err := validatePlanProduct(field, p.ProductID, p.Product); err != nil {
		return err
	}
	if p.Image != nil {
		if err := requireString(field+".image.id", p.Image.ID); err != nil {
			return err
		}
	}
	for i, f := range p.CustomFields {
		at := field + ".custom_fields[" + itoa(i) + "]"
		if f.FieldType == "" {
			return paramErr(at+".field_type", "is required")
		}
		if err := requireString(at+".name", f.Name); err != nil {
			return err
		}
	}
	return nil
}

// List returns one page of a company's checkout configurations.
//
// GET /checkout_configurations
func (s *CheckoutConfigurationsService) List(ctx context.Context, params *CheckoutConfigurationListParams, opts ...RequestOption) (*Page[CheckoutConfiguration], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[CheckoutConfiguration]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/checkout_configurations", query: params}, opts)
}

// ListAll iterates over every checkout configuration matching params,
// fetching pages as the loop advances. params is not modified.
//
// GET /checkout_configurations
func (s *CheckoutConfigurationsService) ListAll(ctx context.Context, params *CheckoutConfigurationListParams, opts ...RequestOption) iter.Seq2[CheckoutConfiguration, error] {
	return iterate(ctx, params, func(ctx context.Context, p *CheckoutConfigurationListParams) (*Page[CheckoutConfiguration], error) {
		return s.List(ctx, p, opts...)
	})
}

// Get retrieves a checkout configuration.
//
// GET /checkout_configurations/{id}
func (s *CheckoutConfigurationsService) Get(ctx context.Context, id string, opts ...RequestOption) (*CheckoutConfiguration, error) {
	return call[CheckoutConfiguration](ctx, s.client, apiRequest{method: http.MethodGet, path: "/checkout_configurations/{id}", id: id}, opts)
}

// Create creates a checkout configuration; send buyers to the PurchaseURL
// of the result.
//
// POST /checkout_configurations
func (s *CheckoutConfigurationsService) Create(ctx context.Context, params *CheckoutConfigurationCreateParams, opts ...RequestOption) (*CheckoutConfiguration, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[CheckoutConfiguration](ctx, s.client, apiRequest{method: http.MethodPost, path: "/checkout_configurations", body: params}, opts)
}
