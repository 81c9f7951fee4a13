package whop

import (
	"context"
	"iter"
	"net/http"
	"time"
)

// ProductsService manages products, the things a company sells access to.
type ProductsService service

// ProductType is the kind of a product.
type ProductType string

// Values of ProductType.
const (
	ProductTypeRegular          ProductType = "regular"
	ProductTypeApp              ProductType = "app"
	ProductTypeExperienceUpsell ProductType = "experience_upsell"
	ProductTypeAPIOnly          ProductType = "api_only"
)

// VisibilityFilter selects products by visibility in a list; besides the
// Visibility values it has groupings such as "all" and "not_archived".
type VisibilityFilter string

// Values of VisibilityFilter.
const (
	VisibilityFilterVisible      VisibilityFilter = "visible"
	VisibilityFilterHidden       VisibilityFilter = "hidden"
	VisibilityFilterArchived     VisibilityFilter = "archived"
	VisibilityFilterQuickLink    VisibilityFilter = "quick_link"
	VisibilityFilterAll          VisibilityFilter = "all"
	VisibilityFilterNotQuickLink VisibilityFilter = "not_quick_link"
	VisibilityFilterNotArchived  VisibilityFilter = "not_archived"
)

// ProductOrder is the field a product list is sorted by.
type ProductOrder string

// Values of ProductOrder.
const (
	ProductOrderActiveMembershipsCount ProductOrder = "active_memberships_count"
	ProductOrderCreatedAt              ProductOrder = "created_at"
	ProductOrderUSDGMV                 ProductOrder = "usd_gmv"
	ProductOrderUSDGMV30Days           ProductOrder = "usd_gmv_30_days"
)

// CustomCTA is the label of the call-to-action button on a product page.
type CustomCTA string

// Values of CustomCTA.
const (
	CustomCTAGetAccess     CustomCTA = "get_access"
	CustomCTAJoin          CustomCTA = "join"
	CustomCTAOrderNow      CustomCTA = "order_now"
	CustomCTAShopNow       CustomCTA = "shop_now"
	CustomCTACallNow       CustomCTA = "call_now"
	CustomCTADonateNow     CustomCTA = "donate_now"
	CustomCTAContactUs     CustomCTA = "contact_us"
	CustomCTASignUp        CustomCTA = "sign_up"
	CustomCTASubscribe     CustomCTA = "subscribe"
	CustomCTAPurchase      CustomCTA = "purchase"
	CustomCTAGetOffer      CustomCTA = "get_offer"
	CustomCTAApplyNow      CustomCTA = "apply_now"
	CustomCTACompleteOrder CustomCTA = "complete_order"
)

// TaxCodeProductType is the tax category of a product tax code.
type TaxCodeProductType string

// Values of TaxCodeProductType.
const (
	TaxCodeProductTypePhysical TaxCodeProductType = "physical"
	TaxCodeProductTypeDigital  TaxCodeProductType = "digital"
	TaxCodeProductTypeServices TaxCodeProductType = "services"
)

// ProductListItem is the summary of a product returned by list calls.
type ProductListItem struct {
	ID                    string     `json:"id"`
	Title                 string     `json:"title"`
	Visibility            Visibility `json:"visibility"`
	Headline              *string    `json:"headline"`
	Verified              bool       `json:"verified"`
	CreatedAt             time.Time  `json:"created_at"`
	UpdatedAt             time.Time  `json:"updated_at"`
	MemberCount           int        `json:"member_count"`
	Route                 string     `json:"route"`
	PublishedReviewsCount int        `json:"published_reviews_count"`
	ExternalIdentifier    *string    `json:"external_identifier"`
	// Metadata is the caller's own key-value data stored with the
	// product, nil when none was set.
	Metadata map[string]any `json:"metadata"`
}

func (p *ProductListItem) identity() (field, value string) { return "id", p.ID }

// Product is a product with all its details: the fields of its list
// summary and more.
type Product struct {
	ProductListItem
	Description               *string               `json:"description"`
	CustomCTA                 CustomCTA             `json:"custom_cta"`
	CustomCTAURL              *string               `json:"custom_cta_url"`
	CustomStatementDescriptor *string               `json:"custom_statement_descriptor"`
	GlobalAffiliatePercentage *float64              `json:"global_affiliate_percentage"`
	GlobalAffiliateStatus     GlobalAffiliateStatus `json:"global_affiliate_status"`
	MemberAffiliatePercentage *float64              `json:"member_affiliate_percentage"`
	MemberAffiliateStatus     GlobalAffiliateStatus `json:"member_affiliate_status"`
	GalleryImages             []ProductImage        `json:"gallery_images"`
	ProductTaxCode            *ProductTaxCode       `json:"product_tax_code"`
	OwnerUser                 UserRef               `json:"owner_user"`
	Company                   CompanyRef            `json:"company"`
}

// ProductImage is an image in a product's gallery.
type ProductImage struct {
	ID  string  `json:"id"`
	URL *string `json:"url"`
}

// ProductTaxCode is the tax classification applied to a product.
type ProductTaxCode struct {
	ID          string             `json:"id"`
	Name        string             `json:"name"`
	ProductType TaxCodeProductType `json:"product_type"`
}

// ProductListParams filters GET /products. CompanyID is required.
type ProductListParams struct {
	ListParams
	CompanyID     string             `url:"company_id"`
	ProductTypes  []ProductType      `url:"product_types,brackets,omitempty"`
	Visibilities  []VisibilityFilter `url:"visibilities,brackets,omitempty"`
	Order         ProductOrder       `url:"order,omitempty"`
	Direction     Direction          `url:"direction,omitempty"`
	CreatedBefore *time.Time         `url:"created_before,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
	CreatedAfter  *time.Time         `url:"created_after,omitempty" layout:"2006-01-02T15:04:05.000Z07:00"`
}

func (p *ProductListParams) validate() error {
	if p == nil {
		return paramErr("company_id", "is required")
	}
	if err := requireString("company_id", p.CompanyID); err != nil {
		return err
	}
	return p.ListParams.validate()
}

// ProductCreateParams is the body of POST /products. CompanyID and Title
// are required; nil pointers are left out.
type ProductCreateParams struct {
	CompanyID                 string                 `json:"company_id"`
	Title                     string                 `json:"title"`
	CollectShippingAddress    *bool                  `json:"collect_shipping_address,omitempty"`
	CustomCTA                 *CustomCTA             `json:"custom_cta,omitempty"`
	CustomCTAURL              *string                `json:"custom_cta_url,omitempty"`
	CustomStatementDescriptor *string                `json:"custom_statement_descriptor,omitempty"`
	Description               *string                `json:"description,omitempty"`
	ExperienceIDs             []string               `json:"experience_ids,omitempty"`
	GlobalAffiliatePercentage *float64               `json:"global_affiliate_percentage,omitempty"`
	GlobalAffiliateStatus     *GlobalAffiliateStatus `json:"global_affiliate_status,omitempty"`
	Headline                  *string                `json:"headline,omitempty"`
	MemberAffiliatePercentage *float64               `json:"member_affiliate_percentage,omitempty"`
	MemberAffiliateStatus     *GlobalAffiliateStatus `json:"member_affiliate_status,omitempty"`
	Metadata                  map[string]any         `json:"metadata,omitempty"`
	PlanOptions               *ProductPlanOptions    `json:"plan_options,omitempty"`
	ProductTaxCodeID          *string                `json:"product_tax_code_id,omitempty"`
	RedirectPurchaseURL       *string                `json:"redirect_purchase_url,omitempty"`
	Route                     *string                `json:"route,omitempty"`
	SendWelcomeMessage        *bool                  `json:"send_welcome_message,omitempty"`
	Visibility                *Visibility            `json:"visibility,omitempty"`
}

// ProductPlanOptions configures the plan created together with a product.
type ProductPlanOptions struct {
	BaseCurrency  *Currency      `json:"base_currency,omitempty"`
	BillingPeriod *int           `json:"billing_period,omitempty"`
	CustomFields  []CustomField  `json:"custom_fields,omitempty"`
	InitialPrice  *float64       `json:"initial_price,omitempty"`
	PlanType      *PlanType      `json:"plan_type,omitempty"`
	ReleaseMethod *ReleaseMethod `json:"release_method,omitempty"`
	RenewalPrice  *float64       `json:"renewal_price,omitempty"`
	Visibility    *Visibility    `json:"visibility,omitempty"`
}

// CustomField is an extra question asked at checkout. FieldType and Name
// are required.
type CustomField struct {
	FieldType   CustomFieldType `json:"field_type"`
	ID          *string         `json:"id,omitempty"`
	Name        string          `json:"name"`
	Order       *int            `json:"order,omitempty"`
	Placeholder *string         `json:"placeholder,omitempty"`
	Required    *bool           `json:"required,omitempty"`
}

func (p *ProductCreateParams) validate() error {
	if p == nil {
		return paramErr("company_id", "is required")
	}
	if err := requireString("company_id", p.CompanyID); err != nil {
		return err
	}
	if err := requireString("title", p.Title); err != nil {
		return err
	}
	if p.PlanOptions != nil {
		return validateCustomFields("plan_options.custom_fields", p.PlanOptions.CustomFields)
	}
	return nil
}

// ProductUpdateParams is the body of PATCH /products/{id}. Every field is a
// Nullable: leave it nil to keep the current value, Value(v) to change it,
// Null[T]() to clear it.
type ProductUpdateParams struct {
	CollectShippingAddress    Nullable[bool]                  `json:"collect_shipping_address,omitempty"`
	CustomCTA                 Nullable[CustomCTA]             `json:"custom_cta,omitempty"`
	CustomCTAURL              Nullable[string]                `json:"custom_cta_url,omitempty"`
	CustomStatementDescriptor Nullable[string]                `json:"custom_statement_descriptor,omitempty"`
	Description               Nullable[string]                `json:"description,omitempty"`
	GalleryImages             Nullable[[]FileRef]             `json:"gallery_images,omitempty"`
	GlobalAffiliatePercentage Nullable[float64]               `json:"global_affiliate_percentage,omitempty"`
	GlobalAffiliateStatus     Nullable[GlobalAffiliateStatus] `json:"global_affiliate_status,omitempty"`
	Headline                  Nullable[string]                `json:"headline,omitempty"`
	MemberAffiliatePercentage Nullable[float64]               `json:"member_affiliate_percentage,omitempty"`
	MemberAffiliateStatus     Nullable[GlobalAffiliateStatus] `json:"member_affiliate_status,omitempty"`
	Metadata                  Nullable[map[string]any]        `json:"metadata,omitempty"`
	ProductTaxCodeID          Nullable[string]                `json:"product_tax_code_id,omitempty"`
	RedirectPurchaseURL       Nullable[string]                `json:"redirect_purchase_url,omitempty"`
	Route                     Nullable[string]                `json:"route,omitempty"`
	SendWelcomeMessage        Nullable[bool]                  `json:"send_welcome_message,omitempty"`
	StorePageConfig           Nullable[StorePageConfig]       `json:"store_page_config,omitempty"`
	Title                     Nullable[string]                `json:"title,omitempty"`
	Visibility                Nullable[Visibility]            `json:"visibility,omitempty"`
}

// FileRef points at an uploaded file by its ID.
type FileRef struct {
	ID string `json:"id"`
}

// StorePageConfig controls how a product shows on the company's store
// page.
type StorePageConfig struct {
	CustomCTA Nullable[string] `json:"custom_cta,omitempty"`
	ShowPrice Nullable[bool]   `json:"show_price,omitempty"`
}

func (p *ProductUpdateParams) validate() error {
	if p == nil {
		return nil
	}
	if v, ok := p.Title.Get(); ok {
		if err := requireString("title", v); err != nil {
			return err
		}
	}
	if p.Title.IsNull() {
		return paramErr("title", "cannot be cleared")
	}
	if imgs, ok := p.GalleryImages.Get(); ok {
		for i, f := range imgs {
			if err := requireString("gallery_images["+itoa(i)+"].id", f.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// List returns one page of a company's products.
//
// GET /products
func (s *ProductsService) List(ctx context.Context, params *ProductListParams, opts ...RequestOption) (*Page[ProductListItem], error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Page[ProductListItem]](ctx, s.client, apiRequest{method: http.MethodGet, path: "/products", query: params}, opts)
}

// ListAll iterates over every product matching params, fetching pages as
// the loop advances. params is not modified.
//
// GET /products
func (s *ProductsService) ListAll(ctx context.Context, params *ProductListParams, opts ...RequestOption) iter.Seq2[ProductListItem, error] {
	return iterate(ctx, params, func(ctx context.Context, p *ProductListParams) (*Page[ProductListItem], error) {
		return s.List(ctx, p, opts...)
	})
}

// Get retrieves a product.
//
// GET /products/{id}
func (s *ProductsService) Get(ctx context.Context, id string, opts ...RequestOption) (*Product, error) {
	return call[Product](ctx, s.client, apiRequest{method: http.MethodGet, path: "/products/{id}", id: id}, opts)
}

// Create creates a product, optionally with its first plan.
//
// POST /products
func (s *ProductsService) Create(ctx context.Context, params *ProductCreateParams, opts ...RequestOption) (*Product, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	return call[Product](ctx, s.client, apiRequest{method: http.MethodPost, path: "/products", body: params}, opts)
}

// Update changes the fields of a product that params sets or clears.
//
// PATCH /products/{id}
func (s *ProductsService) Update(ctx context.Context, id string, params *ProductUpdateParams, opts ...RequestOption) (*Product, error) {
	if err := params.validate(); err != nil {
		return nil, err
	}
	if params == nil {
		params = &ProductUpdateParams{}
	}
	return call[Product](ctx, s.client, apiRequest{method: http.MethodPatch, path: "/products/{id}", id: id, body: params}, opts)
}

// Delete deletes a product. It returns nil once the API confirms with its
// bare true; a false answer is reported as an error.
//
// DELETE /products/{id}
func (s *ProductsService) Delete(ctx context.Context, id string, opts ...RequestOption) error {
	return confirm(ctx, s.client, apiRequest{method: http.MethodDelete, path: "/products/{id}", id: id}, opts)
}
