//! Pagination: `page` (from 1) and `pageSize` (1–500) in, HAL-style `_links` out.

use crate::problem::ApiError;
use continuum_store::Page;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Items per page, 1 to 500 (default 50).
    pub page_size: Option<u32>,
}

impl PageQuery {
    pub fn page(&self) -> Result<Page, ApiError> {
        let number = self.page.unwrap_or(1);
        let size = self.page_size.unwrap_or(50);
        if number == 0 {
            return Err(ApiError::invalid("page", "begint bij 1"));
        }
        if size == 0 || size > Page::MAX_SIZE {
            return Err(ApiError::invalid(
                "pageSize",
                format!("tussen 1 en {}", Page::MAX_SIZE),
            ));
        }
        Ok(Page::new(number, size))
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Link {
    pub href: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PageLinks {
    #[serde(rename = "self")]
    pub this: Link,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Link>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<Link>,
}

impl PageLinks {
    /// Links for `base` (a path with its other query parameters, ending in `?` or `&`).
    pub fn new(base: &str, page: Page, total: u64) -> PageLinks {
        let href = |n: u32| Link {
            href: format!("{base}page={n}&pageSize={}", page.size),
        };
        let pages = total.div_ceil(u64::from(page.size));
        PageLinks {
            this: href(page.number),
            next: (u64::from(page.number) < pages).then(|| href(page.number + 1)),
            prev: (page.number > 1).then(|| href(page.number - 1)),
        }
    }
}
