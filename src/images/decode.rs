//! An original photo read into upright pixels, as its owner sees it on the
//! phone: JPEG, PNG, WebP and GIF through `image`, iPhone HEIC/HEIF through
//! heifer; the EXIF orientation applied (a portrait shot is stored lying on
//! its side with a tag saying so); the colour profile kept where it still
//! describes the pixels. Nothing else of the original's metadata (GPS,
//! camera) reaches a web version: those are encoded from pixels alone.

use std::fs;
use std::io;
use std::path::Path;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

/// A decoded original, upright.
pub(super) struct Decoded {
    pub image: DynamicImage,
    /// Photos (JPEG, HEIC) get JPEG web versions; the rest PNG (logos,
    /// screenshots, anything with transparency).
    pub jpeg_output: bool,
    /// The original's ICC profile when it describes RGB or grey pixels: an
    /// iPhone JPEG is Display P3 and looks washed out without it. A CMYK
    /// profile no longer fits once the decoder made RGB of the pixels.
    pub icc: Option<Vec<u8>>,
}

/// What the officer is told to do with a HEIC photo that cannot be read.
const HEIC_ADVICE: &str = "可以在电脑上用“照片”应用打开它，另存为 JPG 后放进来；\
以后在 iPhone 的 设置 → 相机 → 格式 中选“兼容性最佳”，拍的照片就是 JPG";

/// Whether `bytes` is a HEIF file (what iPhones and many Android phones
/// save as `.heic`), whatever its name says.
pub fn is_heif(bytes: &[u8]) -> bool {
    if bytes.len() < 16 || &bytes[4..8] != b"ftyp" {
        return false;
    }
    let size = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    let end = size.clamp(16, bytes.len().min(256));
    // The major brand, then the compatible brands after the minor version.
    let mut brands = std::iter::once(&bytes[8..12]).chain(bytes[16..end].chunks_exact(4));
    // AVIF is HEIF too (`mif1`), but of AV1 pictures, which heifer does
    // not decode: it is not called an iPhone photo.
    if brands.clone().any(|b| b == b"avif" || b == b"avis") {
        return false;
    }
    brands.any(|brand| {
        matches!(
            brand,
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1"
        )
    })
}

/// Decodes `bytes` upright. `wanted_width` is the width of the largest
/// web version: a JPEG at least twice as wide is decoded at the smallest
/// DCT scale whose picture is still as wide ([`scaled_jpeg`]).
pub(super) fn decode(
    shown: &str,
    bytes: &[u8],
    max_pixels: u64,
    wanted_width: u32,
) -> Result<Decoded, String> {
    if is_heif(bytes) {
        return decode_heif(shown, bytes, max_pixels);
    }
    let unreadable = || format!("图片无法读取（文件损坏或格式不支持）：{shown}");
    let too_big = |w: u64, h: u64| {
        format!(
            "图片尺寸过大（{w}×{h} 像素，上限 {} 万像素），请先缩小后再放入网站：{shown}",
            max_pixels / 10_000
        )
    };
    let open = || {
        ImageReader::new(io::Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|_| unreadable())
    };

    // Read only the header first so a bomb is refused before any pixel
    // memory is allocated.
    let (w, h) = open()?.into_dimensions().map_err(|e| match e {
        ImageError::Limits(_) => format!("图片尺寸过大，请先缩小后再放入网站：{shown}"),
        _ => unreadable(),
    })?;
    if w == 0 || h == 0 {
        return Err(unreadable());
    }
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(too_big(w.into(), h.into()));
    }

    let mut reader = open()?;
    let format = reader.format().ok_or_else(unreadable)?;
    // The decoder paints a cut-off JPEG's missing part grey without a word:
    // a photo copied or downloaded only half-way.
    if format == ImageFormat::Jpeg && !super::jpeg_is_complete(bytes) {
        return Err(format!(
            "图片文件不完整（可能没有复制完或下载完），网页上它会缺一块：请重新复制或导出这张照片：{shown}"
        ));
    }
    // The same bounds again for the real decode.
    let mut limits = Limits::default();
    limits.max_image_width = Some(w);
    limits.max_image_height = Some(h);
    limits.max_alloc = Some((max_pixels * 8).max(64 << 20));
    reader.limits(limits);
    let refused = |e: ImageError| match e {
        ImageError::Limits(_) => too_big(w.into(), h.into()),
        _ => unreadable(),
    };
    let mut decoder = reader.into_decoder().map_err(refused)?;
    // A tag that cannot be read is an upright photo, as every viewer shows it.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let scaled = match format {
        ImageFormat::Jpeg => scaled_jpeg(bytes, (w, h), orientation, wanted_width),
        _ => None,
    };
    let mut image = match scaled {
        Some(image) => image,
        None => DynamicImage::from_decoder(decoder).map_err(refused)?,
    };
    if image.width() == 0 || image.height() == 0 {
        return Err(unreadable());
    }
    image.apply_orientation(orientation);
    let icc = icc.filter(|p| profile_fits(p, image.color().has_color()));
    // A WebP without transparency is a photo (WeChat saves its pictures
    // so): a JPEG web version is a fraction of a PNG's size.
    let photo =
        format == ImageFormat::Jpeg || (format == ImageFormat::WebP && !image.color().has_alpha());
    Ok(Decoded {
        image,
        jpeg_output: photo,
        icc,
    })
}

/// A JPEG decoded at 1/2, 1/4 or 1/8 of its size through the DCT, the
/// smallest scale whose picture is still `wanted_width` wide as shown
/// (a portrait photo stored sideways: its stored height). `None` when no
/// smaller scale covers it, or for what the full decoder converts better
/// (CMYK, 16-bit): the caller then decodes at full size.
fn scaled_jpeg(
    bytes: &[u8],
    (width, height): (u32, u32),
    orientation: Orientation,
    wanted_width: u32,
) -> Option<DynamicImage> {
    let sideways = swaps_sides(orientation);
    let shown_width = if sideways { height } else { width };
    if shown_width < wanted_width.saturating_mul(2) {
        return None;
    }
    let wanted = u16::try_from(wanted_width).ok()?;
    // The decoder takes the smallest scale that reaches either request:
    // the other axis is asked for more than any JPEG has.
    let (ask_width, ask_height) = if sideways {
        (u16::MAX, wanted)
    } else {
        (wanted, u16::MAX)
    };
    let mut decoder = jpeg_decoder::Decoder::new(io::Cursor::new(bytes));
    let (w, h) = decoder.scale(ask_width, ask_height).ok()?;
    let pixels = decoder.decode().ok()?;
    let (w, h) = (u32::from(w), u32::from(h));
    match decoder.info()?.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => {
            image::RgbImage::from_raw(w, h, pixels).map(DynamicImage::ImageRgb8)
        }
        jpeg_decoder::PixelFormat::L8 => {
            image::GrayImage::from_raw(w, h, pixels).map(DynamicImage::ImageLuma8)
        }
        _ => None,
    }
}

/// An iPhone (or Android) HEIC photo: heifer applies the container's
/// rotation and mirror itself and converts the phone's colour space to
/// sRGB, so no profile is carried over.
fn decode_heif(shown: &str, bytes: &[u8], max_pixels: u64) -> Result<Decoded, String> {
    let options = heifer::Options {
        // Photos are already processed in parallel with each other.
        max_threads: 1,
        max_pixels,
    };
    let decoded = heifer::decode_srgb_rgba8(bytes, &options).or_else(|e| match e {
        // HDR (PQ/HLG) photos have no sRGB form; their plain pixels still
        // make a fair web version.
        heifer::Error::Unsupported(_) => heifer::decode_rgba8(bytes, &options),
        other => Err(other),
    });
    let picture = decoded.map_err(|e| heif_error(shown, &e, max_pixels))?;
    let Some(rgba) = image::RgbaImage::from_raw(picture.width, picture.height, picture.data) else {
        return Err(format!(
            "这是手机拍的 HEIC 格式照片，但无法读取（文件可能损坏）：{shown}。{HEIC_ADVICE}"
        ));
    };
    let image = if picture.has_alpha {
        DynamicImage::ImageRgba8(rgba)
    } else {
        DynamicImage::ImageRgb8(DynamicImage::ImageRgba8(rgba).into_rgb8())
    };
    Ok(Decoded {
        jpeg_output: !picture.has_alpha,
        image,
        icc: None,
    })
}

fn heif_error(shown: &str, e: &heifer::Error, max_pixels: u64) -> String {
    let text = e.to_string();
    if text.contains("pixels") || text.contains("too large") {
        return format!(
            "图片尺寸过大（上限 {} 万像素），请先缩小后再放入网站：{shown}",
            max_pixels / 10_000
        );
    }
    format!("这是手机拍的 HEIC 格式照片，但无法读取（文件可能损坏或用了不常见的格式）：{shown}。{HEIC_ADVICE}")
}

/// Whether an ICC profile describes the pixels as they are now: its data
/// colour space (bytes 16–19 of the header) is RGB for colour pictures and
/// GRAY for grey ones.
fn profile_fits(profile: &[u8], colour: bool) -> bool {
    let wanted: &[u8; 4] = if colour { b"RGB " } else { b"GRAY" };
    profile.len() >= 128 && profile.get(16..20) == Some(&wanted[..])
}

/// Width and height of the picture as it is shown (orientation applied),
/// read from the header alone: for `check` and for the logo's `width` and
/// `height`.
pub fn dimensions(file: &Path) -> Result<(u32, u32), String> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unreadable = || format!("图片无法读取（文件损坏或格式不支持）：{name}");
    let head = read_head(file).map_err(|_| unreadable())?;
    if is_heif(&head) {
        // The container's sizes need the whole file; the header of a phone
        // photo is near its start, but heifer parses the whole box tree.
        let bytes = fs::read(file).map_err(|_| unreadable())?;
        return heif_dimensions(&bytes).ok_or_else(|| {
            format!("这是手机拍的 HEIC 格式照片，但无法读取（文件可能损坏）：{name}。{HEIC_ADVICE}")
        });
    }
    let mut decoder = ImageReader::open(file)
        .and_then(|r| r.with_guessed_format())
        .map_err(|_| unreadable())?
        .into_decoder()
        .map_err(|_| unreadable())?;
    let (w, h) = decoder.dimensions();
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    Ok(if swaps_sides(orientation) {
        (h, w)
    } else {
        (w, h)
    })
}

fn read_head(file: &Path) -> io::Result<Vec<u8>> {
    use io::Read as _;
    let mut head = Vec::with_capacity(256);
    fs::File::open(file)?.take(256).read_to_end(&mut head)?;
    Ok(head)
}

/// The shown size of a HEIF's primary picture: its thumbnail says nothing
/// reliable, so the picture is decoded at one thread. Only `check` and the
/// logo come here.
fn heif_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let options = heifer::Options {
        max_threads: 1,
        max_pixels: super::DEFAULT_MAX_PIXELS,
    };
    heifer::decode_rgba8(bytes, &options)
        .ok()
        .map(|p| (p.width, p.height))
}

fn swaps_sides(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heif_is_told_by_its_brands_not_its_name() {
        let mut iphone = vec![0, 0, 0, 24];
        iphone.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
        assert!(is_heif(&iphone));
        let mut samsung = vec![0, 0, 0, 24];
        samsung.extend_from_slice(b"ftypmif1\0\0\0\0mif1heic");
        assert!(is_heif(&samsung));
        let mut mp4 = vec![0, 0, 0, 24];
        mp4.extend_from_slice(b"ftypisom\0\0\0\0isomavc1");
        assert!(!is_heif(&mp4));
        assert!(!is_heif(b"\xFF\xD8\xFF\xE0 a jpeg"));
        assert!(!is_heif(b""));
        let mut avif = vec![0, 0, 0, 24];
        avif.extend_from_slice(b"ftypavif\0\0\0\0mif1avif");
        assert!(!is_heif(&avif));
    }

    #[test]
    fn only_profiles_of_the_pixels_colour_space_are_kept() {
        let mut rgb = vec![0u8; 128];
        rgb[16..20].copy_from_slice(b"RGB ");
        let mut cmyk = rgb.clone();
        cmyk[16..20].copy_from_slice(b"CMYK");
        assert!(profile_fits(&rgb, true));
        assert!(!profile_fits(&rgb, false));
        assert!(!profile_fits(&cmyk, true));
        assert!(!profile_fits(&rgb[..20], true));
    }
}
