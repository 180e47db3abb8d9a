//! Web versions of photos and logos, cached between builds.
//!
//! Each original gets at most two smaller copies (480 and 960 px wide, never
//! upscaled). Their URLs carry a hash of the original's URL and content,
//! so they stay stable across builds, change when the file changes, and can
//! be served with long cache lifetimes. Encoded files live in `cache_dir`
//! with a small JSON manifest; an unchanged image is not decoded again.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::SystemTime;

use fast_image_resize::images::Image as FrImage;
use fast_image_resize::{FilterType, IntoImageView, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::{ColorType, DynamicImage, ImageEncoder, ImageError};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::stamp::Stamp;

mod decode;
pub use decode::{dimensions, is_heif};

#[cfg(test)]
mod photo_tests;

/// Widths of the web versions, ascending.
const WIDTHS: [u32; 2] = [480, 960];
/// Bump whenever the output changes (widths, quality, filters), so every
/// hash, URL and cache entry changes with it.
/// 4: JPEG photos decoded at DCT scale.
const FORMAT_VERSION: u32 = 4;
const JPEG_QUALITY: u8 = 82;
/// Decompression-bomb guard: a few kilobytes of PNG can claim gigapixels.
const DEFAULT_MAX_PIXELS: u64 = 40_000_000;
/// URL prefix of the web versions.
const URL_PREFIX: &str = "/_img/";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebImage {
    /// Site-root URL of the largest web version (≤ 960 px wide).
    pub src: String,
    /// "url 480w, url 960w" — every web version.
    pub srcset: String,
    /// Of `src`.
    pub width: u32,
    pub height: u32,
    /// The original's URL, as passed in.
    pub original: String,
    /// Filled in by the resolve stage: the page title or the member's name.
    #[serde(default)]
    pub alt: String,
}

/// One web version: the writer copies `file` (in the cache) to the output at `url`.
#[derive(Debug, Clone, PartialEq)]
pub struct Derivative {
    pub url: String,
    pub file: PathBuf,
}

/// What `cache_dir/<hash>.json` records about the versions of one original.
#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format_version: u32,
    ext: String,
    versions: Vec<Version>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Version {
    width: u32,
    height: u32,
}

pub struct ImageProcessor {
    cache_dir: PathBuf,
    max_pixels: u64,
    /// Encodes done by this processor; lets tests prove a cache hit does no work.
    encodes: AtomicUsize,
    /// Every image processed, by file: a processor kept between rebuilds
    /// (`serve`) does not read an unchanged original again.
    seen: Mutex<FxHashMap<PathBuf, Seen>>,
}

struct Seen {
    stamp: Stamp,
    url: String,
    result: (WebImage, Vec<Derivative>),
}

impl ImageProcessor {
    pub fn new(cache_dir: PathBuf) -> Self {
        ImageProcessor {
            cache_dir,
            max_pixels: DEFAULT_MAX_PIXELS,
            encodes: AtomicUsize::new(0),
            seen: Mutex::new(FxHashMap::default()),
        }
    }

    /// `source`: the original file on disk; `original_url`: where the original is published, e.g. "/branches/yanke-shouma/logo.png" or "/images/a.jpg".
    /// Errors are short Chinese messages for a non-programmer, e.g. "图片无法读取（文件损坏或格式不支持）：…".
    pub fn process(
        &self,
        source: &Path,
        original_url: &str,
    ) -> Result<(WebImage, Vec<Derivative>), String> {
        let shown = source.display();
        if !source.is_file() {
            return Err(format!("图片无法读取（找不到文件或不是文件）：{shown}"));
        }
        // Taken before reading: a change while reading shows next time.
        let stamp = Stamp::of(source).filter(|s| s.trusted(SystemTime::now()));
        if let Some(result) = stamp.and_then(|stamp| self.seen_before(source, original_url, stamp))
        {
            return Ok(result);
        }
        // Read once: the content identifies the version (so a fresh clone or
        // a `touch` hits the cache), and a cache miss decodes these bytes.
        let bytes =
            fs::read(source).map_err(|_| format!("图片无法读取（没有读取权限）：{shown}"))?;
        let hash = fingerprint(original_url, &bytes);
        let name = url_name(original_url);

        let manifest = match self.cached(&hash) {
            Some(m) => m,
            None => self.generate(source, &bytes, &hash)?,
        };
        let result = self.result(&manifest, &hash, &name, original_url);
        if let (Some(stamp), Ok(mut seen)) = (stamp, self.seen.lock()) {
            let url = original_url.to_string();
            let result = result.clone();
            seen.insert(source.to_path_buf(), Seen { stamp, url, result });
        }
        Ok(result)
    }

    /// The earlier result for this version of `source`, while its web
    /// versions are still in the cache folder.
    fn seen_before(
        &self,
        source: &Path,
        url: &str,
        stamp: Stamp,
    ) -> Option<(WebImage, Vec<Derivative>)> {
        let seen = self.seen.lock().ok()?;
        let hit = seen.get(source)?;
        let usable =
            hit.stamp == stamp && hit.url == url && hit.result.1.iter().all(|d| d.file.is_file());
        usable.then(|| hit.result.clone())
    }

    /// The manifest, if it and every file it lists are in the cache.
    fn cached(&self, hash: &str) -> Option<Manifest> {
        let text = fs::read_to_string(self.cache_dir.join(format!("{hash}.json"))).ok()?;
        let m: Manifest = serde_json::from_str(&text).ok()?;
        let usable = m.format_version == FORMAT_VERSION
            && (m.ext == "jpg" || m.ext == "png")
            && !m.versions.is_empty()
            && m.versions.iter().all(|v| {
                fs::metadata(self.cache_file(hash, v.width, &m.ext))
                    .map(|f| f.is_file() && f.len() > 0)
                    .unwrap_or(false)
            });
        usable.then_some(m)
    }

    /// Decodes, resizes and encodes every version, then writes the manifest
    /// last so a half-finished run is never mistaken for a cache hit.
    fn generate(&self, source: &Path, bytes: &[u8], hash: &str) -> Result<Manifest, String> {
        let shown = source.display().to_string();
        let largest = WIDTHS[WIDTHS.len() - 1];
        let decoded = decode::decode(&shown, bytes, self.max_pixels, largest)?;
        let jpeg = decoded.jpeg_output;
        let ext = if jpeg { "jpg" } else { "png" };
        let img = normalise(decoded.image, jpeg);
        let icc = decoded.icc.as_deref();
        let versions = plan_versions(img.width(), img.height());

        fs::create_dir_all(&self.cache_dir).map_err(|e| cache_error(&self.cache_dir, &e))?;
        let mut resizer = Resizer::new();
        for v in &versions {
            let pixels = resize(&mut resizer, &img, *v)
                .map_err(|e| format!("图片缩放失败（{e}）：{}", source.display()))?;
            let bytes = encode(&pixels, *v, img.color(), jpeg, icc)
                .map_err(|e| format!("图片压缩失败（{e}）：{}", source.display()))?;
            self.encodes.fetch_add(1, Ordering::Relaxed);
            write_atomic(&self.cache_dir, &cache_name(hash, v.width, ext), &bytes)
                .map_err(|e| cache_error(&self.cache_dir, &e))?;
        }
        let manifest = Manifest {
            format_version: FORMAT_VERSION,
            ext: ext.to_string(),
            versions,
        };
        let json = serde_json::to_vec(&manifest).map_err(|e| cache_error(&self.cache_dir, &e))?;
        write_atomic(&self.cache_dir, &format!("{hash}.json"), &json)
            .map_err(|e| cache_error(&self.cache_dir, &e))?;
        Ok(manifest)
    }

    fn result(
        &self,
        m: &Manifest,
        hash: &str,
        name: &str,
        original_url: &str,
    ) -> (WebImage, Vec<Derivative>) {
        let derivatives: Vec<Derivative> = m
            .versions
            .iter()
            .map(|v| Derivative {
                url: format!("{URL_PREFIX}{name}-{hash}-{}.{}", v.width, m.ext),
                file: self.cache_file(hash, v.width, &m.ext),
            })
            .collect();
        let srcset = m
            .versions
            .iter()
            .zip(&derivatives)
            .map(|(v, d)| format!("{} {}w", d.url, v.width))
            .collect::<Vec<_>>()
            .join(", ");
        // `cached` and `plan_versions` guarantee at least one version.
        let (largest, largest_url) = m
            .versions
            .iter()
            .zip(&derivatives)
            .max_by_key(|(v, _)| v.width)
            .map(|(v, d)| (*v, d.url.clone()))
            .unwrap_or((
                Version {
                    width: 0,
                    height: 0,
                },
                String::new(),
            ));
        let web = WebImage {
            src: largest_url,
            srcset,
            width: largest.width,
            height: largest.height,
            original: original_url.to_string(),
            alt: String::new(),
        };
        (web, derivatives)
    }

    fn cache_file(&self, hash: &str, width: u32, ext: &str) -> PathBuf {
        self.cache_dir.join(cache_name(hash, width, ext))
    }
}

/// Whether a JPEG holds its whole image: walking its segments from the
/// start (each header gives its length, so the EXIF thumbnail inside one is
/// skipped) and through each scan's data (where `FF` is always followed by
/// `00` or a restart marker) until the end marker. Running out of bytes
/// first means the file was cut off. What follows the end marker (a motion
/// photo's video, a phone's own trailer) does not matter, and a layout not
/// understood here is left to the decoder.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut at = 2; // after SOI
    loop {
        // Fill bytes may precede a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            // Cut off here, or something this walk does not know.
            return at + 1 < bytes.len();
        };
        at += 2;
        match marker {
            0xD9 => return true,
            // Markers without a length.
            0x01 | 0xD0..=0xD7 => continue,
            _ => {}
        }
        let (Some(&high), Some(&low)) = (bytes.get(at), bytes.get(at + 1)) else {
            return false;
        };
        at += usize::from(u16::from_be_bytes([high, low]));
        if marker == 0xDA {
            // Entropy-coded data up to the next real marker.
            loop {
                match (bytes.get(at), bytes.get(at + 1)) {
                    (Some(&0xFF), Some(&next)) if next == 0x00 || (0xD0..=0xD7).contains(&next) => {
                        at += 2
                    }
                    (Some(&0xFF), Some(_)) => break,
                    (Some(_), _) => at += 1,
                    (None, _) => return false,
                }
            }
        }
    }
}

/// Which original a web version's URL was made from: the URL without its
/// `-<width>.<ext>` end, the same for every version of one original.
pub fn original_of(url: &str) -> &str {
    url.rsplit_once('-').map_or(url, |(original, _)| original)
}

fn cache_name(hash: &str, width: u32, ext: &str) -> String {
    format!("{hash}-{width}.{ext}")
}

fn cache_error(dir: &Path, e: &dyn std::fmt::Display) -> String {
    format!("无法写入图片缓存目录 {}（{e}）", dir.display())
}

/// Versions to make: every standard width below the original's, plus the
/// original width itself when it is small enough to be a web version.
fn plan_versions(width: u32, height: u32) -> Vec<Version> {
    let mut widths: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < width).collect();
    if width <= WIDTHS[WIDTHS.len() - 1] {
        widths.push(width);
    }
    widths
        .into_iter()
        .map(|w| {
            // Rounded, and at least 1 px so a 5000×1 banner still works.
            let h = (u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width);
            Version {
                width: w,
                height: u32::try_from(h).unwrap_or(u32::MAX).max(1),
            }
        })
        .collect()
}

/// 8-bit pixels in a layout both the resizer and the encoder accept.
/// Alpha is kept for PNG output; JPEG has none.
fn normalise(img: DynamicImage, jpeg: bool) -> DynamicImage {
    let c = img.color();
    match (jpeg, c.has_alpha(), c.has_color()) {
        (true, _, false) | (false, false, false) => DynamicImage::ImageLuma8(img.into_luma8()),
        (true, _, true) | (false, false, true) => DynamicImage::ImageRgb8(img.into_rgb8()),
        (false, true, false) => DynamicImage::ImageLumaA8(img.into_luma_alpha8()),
        (false, true, true) => DynamicImage::ImageRgba8(img.into_rgba8()),
    }
}

fn resize(resizer: &mut Resizer, img: &DynamicImage, v: Version) -> Result<Vec<u8>, String> {
    if v.width == img.width() && v.height == img.height() {
        return Ok(img.as_bytes().to_vec());
    }
    let pixel_type = img.pixel_type().ok_or("不支持的像素格式")?;
    let mut dst = FrImage::new(v.width, v.height, pixel_type);
    // mul_div_alpha (on by default, set explicitly here) premultiplies by
    // alpha while filtering, so transparent pixels don't bleed dark fringes
    // into logo edges.
    let options = ResizeOptions::new()
        .resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3))
        .use_alpha(true);
    resizer
        .resize(img, &mut dst, &options)
        .map_err(|e| e.to_string())?;
    Ok(dst.into_vec())
}

/// Encodes one web version from pixels alone: no EXIF (GPS, camera) is
/// written; the colour profile is, when the original had one that fits.
fn encode(
    pixels: &[u8],
    v: Version,
    color: ColorType,
    jpeg: bool,
    icc: Option<&[u8]>,
) -> Result<Vec<u8>, ImageError> {
    let mut out = Vec::new();
    if jpeg {
        let mut encoder = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
        if let Some(profile) = icc {
            // A profile the encoder cannot embed leaves sRGB, as before.
            let _ = encoder.set_icc_profile(profile.to_vec());
        }
        encoder.write_image(pixels, v.width, v.height, color.into())?;
    } else {
        // Default compression: "Best" costs several times the time for a few
        // percent on logos, and the first build of a site should be quick.
        let mut encoder =
            PngEncoder::new_with_quality(&mut out, CompressionType::Default, PngFilter::Adaptive);
        if let Some(profile) = icc {
            let _ = encoder.set_icc_profile(profile.to_vec());
        }
        encoder.write_image(pixels, v.width, v.height, color.into())?;
    }
    Ok(out)
}

/// Writes `dir/name` via a uniquely named temporary file and a rename, so
/// concurrent builds and threads never see a half-written file. Two threads
/// on the same image both rename identical bytes into place; either wins.
fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let target = dir.join(name);
    let result = fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| fs::rename(&tmp, &target));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
        // On Windows the rename can fail while another thread's copy of the
        // same file is being replaced; that copy is just as good.
        // Names carry the content hash, so any file already there is equivalent.
        if target.is_file() {
            return Ok(());
        }
    }
    result
}

/// 10 hex characters of FNV-1a 64 over the original's URL and content.
/// Written out here because std's hashers are not guaranteed stable across
/// Rust releases, and URLs must be.
fn fingerprint(original_url: &str, content: &[u8]) -> String {
    let mut h = Fnv1a::new();
    h.write(&FORMAT_VERSION.to_le_bytes());
    h.write(original_url.as_bytes());
    h.write(&[0]);
    h.write(content);
    format!("{:016x}", h.finish())[..10].to_string()
}

struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// The original's file stem reduced to ASCII letters, digits and single
/// dashes ("My Photo_01.JPG" → "My-Photo-01"); "img" if nothing is left,
/// as with purely Chinese names.
fn url_name(original_url: &str) -> String {
    let path = original_url
        .split(['?', '#'])
        .next()
        .unwrap_or(original_url);
    let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = match file.rfind('.') {
        Some(i) if i > 0 => &file[..i],
        _ => file,
    };
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "img".to_string()
    } else {
        out.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
    use std::time::{Duration, SystemTime};

    fn save_jpeg(path: &Path, w: u32, h: u32) {
        let img = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
        img.save_with_format(path, ImageFormat::Jpeg).unwrap();
    }

    fn save_png(path: &Path, w: u32, h: u32) {
        let img = RgbImage::from_fn(w, h, |x, _| Rgb([(x % 256) as u8, 40, 40]));
        img.save_with_format(path, ImageFormat::Png).unwrap();
    }

    /// Left half fully transparent *black*, right half opaque white: a
    /// resize that ignores alpha turns the edge grey.
    fn save_logo(path: &Path, w: u32, h: u32) {
        let img = RgbaImage::from_fn(w, h, |x, _| {
            if x < w / 2 {
                Rgba([0, 0, 0, 0])
            } else {
                Rgba([255, 255, 255, 255])
            }
        });
        img.save_with_format(path, ImageFormat::Png).unwrap();
    }

    fn dims(d: &Derivative) -> (u32, u32) {
        image::image_dimensions(&d.file).unwrap()
    }

    #[test]
    fn jpeg_gets_480_and_960_jpeg_versions() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("photo.jpg");
        save_jpeg(&src, 1200, 800);
        let p = ImageProcessor::new(dir.path().join("cache"));
        let (web, ders) = p.process(&src, "/images/photo.jpg").unwrap();
        assert_eq!(ders.len(), 2);
        assert_eq!(dims(&ders[0]), (480, 320));
        assert_eq!(dims(&ders[1]), (960, 640));
        let hash = &ders[0].url["/_img/photo-".len().."/_img/photo-".len() + 10];
        assert!(hash.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(ders[0].url, format!("/_img/photo-{hash}-480.jpg"));
        assert_eq!(ders[1].url, format!("/_img/photo-{hash}-960.jpg"));
        assert_eq!(
            web.srcset,
            format!("/_img/photo-{hash}-480.jpg 480w, /_img/photo-{hash}-960.jpg 960w")
        );
        assert_eq!(web.src, ders[1].url);
        assert_eq!((web.width, web.height), (960, 640));
        assert_eq!(web.original, "/images/photo.jpg");
        assert_eq!(
            ders[1].file,
            dir.path().join("cache").join(format!("{hash}-960.jpg"))
        );
        assert!(dir
            .path()
            .join("cache")
            .join(format!("{hash}.json"))
            .is_file());
        let bytes = fs::read(&ders[0].file).unwrap();
        assert_eq!(image::guess_format(&bytes).unwrap(), ImageFormat::Jpeg);
    }

    #[test]
    fn an_unchanged_original_is_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("photo.jpg");
        save_jpeg(&src, 800, 600);
        let old = SystemTime::now() - Duration::from_secs(60);
        fs::File::options()
            .write(true)
            .open(&src)
            .and_then(|f| f.set_modified(old))
            .unwrap();
        let p = ImageProcessor::new(dir.path().join("cache"));
        let first = p.process(&src, "/images/photo.jpg").unwrap();
        // Same length, same time, same file: taken as unchanged, so the
        // garbage is never read.
        let len = fs::metadata(&src).unwrap().len() as usize;
        let mut file = fs::File::options().write(true).open(&src).unwrap();
        file.write_all(&vec![b'x'; len]).unwrap();
        file.set_modified(old).unwrap();
        drop(file);
        let again = p.process(&src, "/images/photo.jpg").unwrap();
        assert_eq!(again.0, first.0);
        // A new time is a new version: read, and found broken.
        fs::File::options()
            .write(true)
            .open(&src)
            .and_then(|f| f.set_modified(old + Duration::from_secs(1)))
            .unwrap();
        let err = p.process(&src, "/images/photo.jpg").unwrap_err();
        assert!(err.contains("图片无法读取"), "{err}");
    }

    #[test]
    fn never_upscales_and_keeps_the_small_original_width() {
        let dir = tempfile::tempdir().unwrap();
        let p = ImageProcessor::new(dir.path().join("cache"));
        let small = dir.path().join("small.png");
        save_png(&small, 300, 150);
        let (web, ders) = p.process(&small, "/images/small.png").unwrap();
        assert_eq!(ders.len(), 1);
        assert_eq!(dims(&ders[0]), (300, 150));
        assert!(web.srcset.ends_with("-300.png 300w") && !web.srcset.contains(','));
        assert_eq!((web.width, web.height), (300, 150));

        let mid = dir.path().join("mid.png");
        save_png(&mid, 600, 401);
        let (web, ders) = p.process(&mid, "/images/mid.png").unwrap();
        let sizes: Vec<_> = ders.iter().map(dims).collect();
        assert_eq!(sizes, vec![(480, 321), (600, 401)]);
        assert_eq!(web.width, 600);

        let exact = dir.path().join("exact.png");
        save_png(&exact, 960, 10);
        let (_, ders) = p.process(&exact, "/exact.png").unwrap();
        let sizes: Vec<_> = ders.iter().map(dims).collect();
        assert_eq!(sizes, vec![(480, 5), (960, 10)]);
    }

    #[test]
    fn png_alpha_is_kept_without_dark_fringes() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("logo.png");
        save_logo(&src, 1000, 100);
        let p = ImageProcessor::new(dir.path().join("cache"));
        let (_, ders) = p.process(&src, "/branches/yanke-shouma/logo.png").unwrap();
        assert!(ders[0].url.starts_with("/_img/logo-") && ders[0].url.ends_with("-480.png"));
        let out = image::open(&ders[0].file).unwrap().to_rgba8();
        assert_eq!(out.dimensions(), (480, 48));
        assert_eq!(out.get_pixel(0, 10)[3], 0, "transparent stays transparent");
        let mut edge_seen = false;
        for x in 0..480 {
            let px = out.get_pixel(x, 20);
            if px[3] > 0 {
                // Without premultiplication the edge mixes in the black of the
                // transparent pixels and turns grey.
                assert!(px[0] >= 250, "dark fringe at x={x}: {px:?}");
                edge_seen |= px[3] < 255;
            }
        }
        assert!(edge_seen, "expected partially transparent edge pixels");
    }

    #[test]
    fn gif_and_webp_become_png() {
        let dir = tempfile::tempdir().unwrap();
        let p = ImageProcessor::new(dir.path().join("cache"));
        for (file, fmt) in [("a.gif", ImageFormat::Gif), ("b.webp", ImageFormat::WebP)] {
            let src = dir.path().join(file);
            RgbaImage::from_pixel(20, 10, Rgba([200, 10, 10, 255]))
                .save_with_format(&src, fmt)
                .unwrap();
            let (web, ders) = p.process(&src, &format!("/images/{file}")).unwrap();
            assert!(web.src.ends_with("-20.png"), "{}", web.src);
            let bytes = fs::read(&ders[0].file).unwrap();
            assert_eq!(image::guess_format(&bytes).unwrap(), ImageFormat::Png);
        }
    }

    #[test]
    fn unchanged_image_is_served_from_cache_without_encoding() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("photo.jpg");
        save_jpeg(&src, 1200, 800);
        let cache = dir.path().join("cache");
        let first = ImageProcessor::new(cache.clone());
        let (web1, ders1) = first.process(&src, "/images/photo.jpg").unwrap();
        assert_eq!(first.encodes.load(Ordering::Relaxed), 2);
        let mtime = fs::metadata(&ders1[1].file).unwrap().modified().unwrap();

        // A later build: a fresh processor over the same cache.
        let second = ImageProcessor::new(cache.clone());
        let (web2, ders2) = second.process(&src, "/images/photo.jpg").unwrap();
        assert_eq!(second.encodes.load(Ordering::Relaxed), 0);
        assert_eq!(web1.srcset, web2.srcset);
        assert_eq!(ders1[1].file, ders2[1].file);
        assert_eq!(
            fs::metadata(&ders2[1].file).unwrap().modified().unwrap(),
            mtime
        );

        // A missing cached file means regenerating, not returning a dangling path.
        fs::remove_file(&ders1[0].file).unwrap();
        let third = ImageProcessor::new(cache);
        third.process(&src, "/images/photo.jpg").unwrap();
        assert_eq!(third.encodes.load(Ordering::Relaxed), 2);
        assert!(ders1[0].file.is_file());
    }

    #[test]
    fn hash_follows_content_and_url_not_modification_time() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("a.png");
        save_png(&src, 100, 100);
        let p = ImageProcessor::new(dir.path().join("cache"));
        let (a, _) = p.process(&src, "/images/a.png").unwrap();
        let (again, _) = p.process(&src, "/images/a.png").unwrap();
        assert_eq!(a.src, again.src, "stable for an unchanged file");

        let (other_url, _) = p.process(&src, "/other/a.png").unwrap();
        assert_ne!(a.src, other_url.src);

        // A new modification time alone (a fresh clone, a `touch`) still
        // hits the cache.
        let f = fs::File::options().write(true).open(&src).unwrap();
        f.set_modified(SystemTime::now() + Duration::from_secs(60))
            .unwrap();
        drop(f);
        let encodes = p.encodes.load(Ordering::Relaxed);
        let (touched, _) = p.process(&src, "/images/a.png").unwrap();
        assert_eq!(a.src, touched.src);
        assert_eq!(p.encodes.load(Ordering::Relaxed), encodes, "not re-encoded");

        // New content.
        save_png(&src, 200, 50);
        let (changed, ders) = p.process(&src, "/images/a.png").unwrap();
        assert_ne!(touched.src, changed.src);
        assert_eq!(dims(&ders[0]), (200, 50));
    }

    #[test]
    fn corrupt_missing_and_non_image_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = ImageProcessor::new(dir.path().join("cache"));

        let text = dir.path().join("fake.jpg");
        fs::write(&text, "这不是图片").unwrap();
        let err = p.process(&text, "/fake.jpg").unwrap_err();
        assert!(
            err.starts_with("图片无法读取（文件损坏或格式不支持）"),
            "{err}"
        );

        // A real PNG cut in half.
        let good = dir.path().join("good.png");
        save_png(&good, 200, 200);
        let bytes = fs::read(&good).unwrap();
        let cut = dir.path().join("cut.png");
        fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
        assert!(p
            .process(&cut, "/cut.png")
            .unwrap_err()
            .contains("文件损坏"));

        // Header only, and a bare signature.
        fs::write(&cut, &bytes[..40]).unwrap();
        assert!(p.process(&cut, "/cut.png").is_err());
        fs::write(&cut, &bytes[..8]).unwrap();
        assert!(p.process(&cut, "/cut.png").is_err());
        fs::write(&cut, b"").unwrap();
        assert!(p.process(&cut, "/cut.png").is_err());

        let err = p
            .process(&dir.path().join("missing.png"), "/m.png")
            .unwrap_err();
        assert!(err.contains("找不到文件"), "{err}");
        assert!(p.process(dir.path(), "/dir.png").is_err());
        assert_eq!(p.encodes.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn a_jpeg_cut_short_is_an_error_and_one_with_a_trailer_is_not() {
        let tmp = tempfile::tempdir().unwrap();
        let whole = tmp.path().join("whole.jpg");
        save_jpeg(&whole, 200, 100);
        let bytes = fs::read(&whole).unwrap();
        assert!(jpeg_is_complete(&bytes));
        let mut trailer = bytes.clone();
        trailer.extend_from_slice(b"SEFT trailer a phone appends");
        assert!(jpeg_is_complete(&trailer));
        // A motion photo: a video after the end marker, full of bytes that
        // look like markers (start of scan, no end).
        let mut motion = bytes.clone();
        for i in 0..100_000u32 {
            motion.extend_from_slice(&[0xFF, 0xDA, (i % 251) as u8, 0x10]);
        }
        assert!(jpeg_is_complete(&motion));
        // Cut anywhere in the image data, it is incomplete.
        for cut in [bytes.len() - 2, bytes.len() / 2, 200, 3] {
            assert!(!jpeg_is_complete(&bytes[..cut]), "cut at {cut}");
        }
        let cut = tmp.path().join("cut.jpg");
        fs::write(&cut, &bytes[..bytes.len() * 2 / 3]).unwrap();
        let images = ImageProcessor::new(tmp.path().join("cache"));
        let err = images.process(&cut, "/news/cut.jpg").unwrap_err();
        assert!(err.starts_with("图片文件不完整"), "{err}");
        assert!(images.process(&whole, "/news/whole.jpg").is_ok());
    }

    #[test]
    fn oversized_images_are_refused_before_decoding() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("big.png");
        save_png(&src, 100, 100);
        let mut p = ImageProcessor::new(dir.path().join("cache"));
        p.max_pixels = 9_999;
        let err = p.process(&src, "/big.png").unwrap_err();
        assert!(
            err.contains("图片尺寸过大") && err.contains("100×100"),
            "{err}"
        );
    }

    #[test]
    fn concurrent_calls_for_the_same_image_agree() {
        use rayon::prelude::*;
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("photo.jpg");
        save_jpeg(&src, 1200, 800);
        let p = ImageProcessor::new(dir.path().join("new").join("cache"));
        let results: Vec<_> = (0..6)
            .into_par_iter()
            .map(|_| p.process(&src, "/images/photo.jpg"))
            .collect();
        let first = results[0].as_ref().unwrap().0.srcset.clone();
        for r in &results {
            let (web, ders) = r.as_ref().unwrap();
            assert_eq!(web.srcset, first);
            assert_eq!(dims(&ders[1]), (960, 640));
        }
        let leftovers = fs::read_dir(dir.path().join("new").join("cache"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        assert_eq!(leftovers, 0);
    }

    #[test]
    fn url_names_are_ascii_safe() {
        assert_eq!(url_name("/branches/yanke-shouma/logo.png"), "logo");
        assert_eq!(url_name("/images/My Photo_01.JPG"), "My-Photo-01");
        assert_eq!(url_name("/images/党建活动.jpg"), "img");
        assert_eq!(url_name("/images/2024党建.jpg"), "2024");
        assert_eq!(url_name("/images/.hidden"), "hidden");
        assert_eq!(url_name(""), "img");
        assert_eq!(url_name("/a/b.c.jpg?v=1"), "b-c");
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        let mut h = Fnv1a::new();
        assert_eq!(h.finish(), 0xcbf29ce484222325);
        h.write(b"a");
        assert_eq!(h.finish(), 0xaf63dc4c8601ec8c);
        let mut h = Fnv1a::new();
        h.write(b"foobar");
        assert_eq!(h.finish(), 0x85944171f73967e8);
    }

    #[test]
    fn version_plan() {
        let w = |v: Vec<Version>| v.iter().map(|v| (v.width, v.height)).collect::<Vec<_>>();
        assert_eq!(w(plan_versions(1200, 800)), vec![(480, 320), (960, 640)]);
        assert_eq!(w(plan_versions(961, 961)), vec![(480, 480), (960, 960)]);
        assert_eq!(w(plan_versions(480, 100)), vec![(480, 100)]);
        assert_eq!(w(plan_versions(1, 1)), vec![(1, 1)]);
        assert_eq!(w(plan_versions(5000, 1)), vec![(480, 1), (960, 1)]);
    }
}
