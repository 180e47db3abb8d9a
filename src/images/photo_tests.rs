//! Photos as phones and offices store them (CONTENT-MODEL §8.1), checked
//! pixel by pixel on files other programs wrote: Pillow and exiftool
//! (every EXIF orientation, with GPS tags), ImageMagick (a Photoshop-style
//! CMYK JPEG), libheif's encoder (HEIC with rotation and mirror). How each
//! was made: `tests/fixtures/photos/README.md`.

use std::fs;
use std::path::{Path, PathBuf};

use super::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/photos")
        .join(name)
}

/// The upright picture's quadrant colours and their centres in a web
/// version `w` pixels wide (the fixtures are 600×400).
fn quadrants(w: u32) -> [((u32, u32), [u8; 3]); 4] {
    let s = |v: u32| v * w / 600;
    [
        ((s(150), s(100)), [220, 30, 30]),
        ((s(450), s(100)), [30, 160, 60]),
        ((s(150), s(300)), [30, 60, 200]),
        ((s(450), s(300)), [240, 200, 40]),
    ]
}

#[track_caller]
fn assert_upright(file: &Path, name: &str, tolerance: i32) {
    let picture = image::open(file).unwrap().to_rgb8();
    assert_eq!(
        picture.width() * 2,
        picture.height() * 3,
        "{name}: landscape 3:2"
    );
    for ((x, y), want) in quadrants(picture.width()) {
        let got = picture.get_pixel(x, y).0;
        for c in 0..3 {
            assert!(
                (i32::from(got[c]) - i32::from(want[c])).abs() <= tolerance,
                "{name}: at ({x}, {y}) {got:?}, want {want:?}"
            );
        }
    }
}

fn processed(name: &str) -> (WebImage, Vec<Derivative>, tempfile::TempDir) {
    let cache = tempfile::tempdir().unwrap();
    let images = ImageProcessor::new(cache.path().join("cache"));
    let (web, derivatives) = images
        .process(&fixture(name), &format!("/news/a/{name}"))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    (web, derivatives, cache)
}

#[test]
fn every_exif_orientation_comes_out_upright_without_gps_or_camera() {
    for n in 1..=8 {
        let name = format!("orient-{n}.jpg");
        let (web, derivatives, _cache) = processed(&name);
        assert_eq!((web.width, web.height), (600, 400), "{name}");
        assert!(web.src.ends_with("-600.jpg"), "{name}: {}", web.src);
        assert_eq!(derivatives.len(), 2);
        for d in &derivatives {
            assert_upright(&d.file, &name, 12);
            let bytes = fs::read(&d.file).unwrap();
            // No EXIF block: neither the place nor the phone is published.
            assert!(
                !bytes.windows(6).any(|w| w == b"Exif\0\0"),
                "{name}: EXIF kept"
            );
            assert!(
                !bytes.windows(6).any(|w| w == b"iPhone"),
                "{name}: camera kept"
            );
        }
        assert_eq!(dimensions(&fixture(&name)).unwrap(), (600, 400), "{name}");
    }
}

#[test]
fn cmyk_progressive_grey_and_sixteen_bit_keep_their_colours() {
    for (name, tolerance) in [
        ("cmyk.jpg", 25),
        ("cmyk-transform0.jpg", 25),
        ("progressive.jpg", 12),
        ("rgb16.png", 2),
    ] {
        let (web, derivatives, _cache) = processed(name);
        assert_eq!((web.width, web.height), (600, 400), "{name}");
        for d in &derivatives {
            assert_upright(&d.file, name, tolerance);
        }
    }
    // Grey stays grey, at its own values.
    for (name, tolerance) in [("grey.jpg", 12), ("grey16.png", 2)] {
        let (_, derivatives, _cache) = processed(name);
        let picture = image::open(&derivatives[1].file).unwrap().to_luma8();
        for ((x, y), want) in [
            ((150, 100), 87),
            ((450, 100), 110),
            ((150, 300), 67),
            ((450, 300), 194),
        ] {
            let got = i32::from(picture.get_pixel(x, y).0[0]);
            assert!(
                (got - want).abs() <= tolerance,
                "{name} at ({x}, {y}): {got}, want {want}"
            );
        }
    }
}

#[test]
fn grey_with_transparency_keeps_both() {
    let (web, derivatives, _cache) = processed("grey-alpha.png");
    assert!(web.src.ends_with("-600.png"), "{}", web.src);
    let picture = image::open(&derivatives[1].file).unwrap().to_luma_alpha8();
    assert_eq!(picture.get_pixel(150, 100).0, [87, 255]);
    assert_eq!(
        picture.get_pixel(450, 300).0[1],
        0,
        "the right half stays transparent"
    );
}

#[test]
fn heic_photos_become_upright_jpeg_web_versions() {
    for name in ["photo.heic", "rotated.heic", "rotated-mirrored.heic"] {
        let (web, derivatives, _cache) = processed(name);
        assert_eq!((web.width, web.height), (600, 400), "{name}");
        for d in &derivatives {
            assert!(d.url.ends_with(".jpg"), "{name}: {}", d.url);
            assert_eq!(
                image::guess_format(&fs::read(&d.file).unwrap()).unwrap(),
                image::ImageFormat::Jpeg
            );
            assert_upright(&d.file, name, 14);
        }
        assert_eq!(
            web.original,
            format!("/news/a/{name}"),
            "the original stays linked"
        );
        assert_eq!(dimensions(&fixture(name)).unwrap(), (600, 400), "{name}");
    }
}

#[test]
fn a_heic_that_cannot_be_read_is_named_as_a_phone_photo_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = fs::read(fixture("photo.heic")).unwrap();
    let cut = dir.path().join("IMG_0001.HEIC");
    fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let images = ImageProcessor::new(dir.path().join("cache"));
    let err = images.process(&cut, "/news/a/IMG_0001.HEIC").unwrap_err();
    assert!(
        err.starts_with("这是手机拍的 HEIC 格式照片，但无法读取"),
        "{err}"
    );
    assert!(
        err.contains("另存为 JPG") && err.contains("兼容性最佳"),
        "{err}"
    );
    assert!(!err.contains("文件损坏或格式不支持"), "{err}");
    let err = dimensions(&cut).unwrap_err();
    assert!(err.starts_with("这是手机拍的 HEIC 格式照片"), "{err}");
}

#[test]
fn jpegs_decoded_at_dct_scale_come_out_upright_in_every_orientation() {
    let names = (1..=8)
        .map(|n| format!("orient-{n}.jpg"))
        .chain(["progressive.jpg".to_string()]);
    for name in names {
        let bytes = fs::read(fixture(&name)).unwrap();
        // A half, a quarter and an eighth of 600 px: the smallest scale
        // that still covers the width asked for, as shown.
        for (wanted, scale) in [(300, 2), (150, 4), (75, 8), (100, 4)] {
            let decoded = decode::decode(&name, &bytes, DEFAULT_MAX_PIXELS, wanted).unwrap();
            let picture = decoded.image.to_rgb8();
            assert_eq!(
                (picture.width(), picture.height()),
                (600 / scale, 400 / scale),
                "{name} for {wanted} px"
            );
            for ((x, y), want) in quadrants(picture.width()) {
                let got = picture.get_pixel(x, y).0;
                for c in 0..3 {
                    assert!(
                        (i32::from(got[c]) - i32::from(want[c])).abs() <= 14,
                        "{name} at 1/{scale}: ({x}, {y}) {got:?}, want {want:?}"
                    );
                }
            }
        }
    }
    // Grey stays one channel; CMYK is left to the full decoder, which
    // converts it (the web version is made from its full size).
    let grey = decode::decode(
        "grey.jpg",
        &fs::read(fixture("grey.jpg")).unwrap(),
        DEFAULT_MAX_PIXELS,
        150,
    );
    let grey = grey.unwrap().image;
    assert_eq!((grey.width(), grey.color()), (150, image::ColorType::L8));
    let cmyk = decode::decode(
        "cmyk.jpg",
        &fs::read(fixture("cmyk.jpg")).unwrap(),
        DEFAULT_MAX_PIXELS,
        150,
    );
    assert_eq!(cmyk.unwrap().image.width(), 600);
}
