//! pinpai (品牌): a static-site generator for hospital Party-building
//! showcases.
//!
//! The pipeline, one module per stage, data flowing one way:
//! [`config`] → [`load`] → [`resolve`] → [`render`] → [`write`],
//! run by [`build`]; beside it [`serve`], [`search`], [`images`], [`charts`].

pub mod config;
pub mod load;
pub mod render;
pub mod resolve;
pub mod write;

pub mod build;
pub mod scaffold;

pub mod accounts;
pub mod charts;
pub mod dates;
pub mod desktop;
pub mod diagnostics;
pub mod edit;
#[doc(hidden)]
pub mod fuzzing;
pub mod html;
pub mod images;
pub mod import;
pub mod ledger;
pub mod lint;
pub mod markdown;
pub mod model;
pub mod numbers;
pub mod package;
pub mod paths;
pub mod review;
pub mod search;
pub mod serve;
pub mod slug;
pub mod stamp;
pub mod stats;
pub mod textfile;
pub mod theme;
pub mod urls;
pub mod workbench;
pub mod yaml;
