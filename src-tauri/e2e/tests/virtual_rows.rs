//! A long timeline keeps only the rows in view in the DOM, however far it is scrolled.

use hookscope_e2e::{deliveries, page, Launch};

const STORED: u64 = 1500;
const SCREENS: u32 = 12;

#[tokio::test]
async fn scrolling_through_many_screens_keeps_the_dom_rows_bounded() {
    let launch = Launch::new();
    assert_eq!(deliveries::fill(launch.data_dir.path(), STORED).await, STORED);
    let app = launch.start().await;
    page::first_rows(&app).await;

    let scrolled = page::scroll_timeline(&app, SCREENS).await;
    eprintln!("{scrolled:?}");
    let screen_rows = (scrolled.viewport_px / scrolled.row_px).floor() as u32;
    assert!(screen_rows >= 5, "the timeline shows too few rows to test with: {scrolled:?}");
    // Older pages were loaded as the list was scrolled, and the rows rendered are the deep ones…
    assert!(scrolled.loaded >= SCREENS * screen_rows, "{scrolled:?}");
    assert!(scrolled.deepest_index >= SCREENS * screen_rows, "{scrolled:?}");
    // …while the DOM never held more than a few screens of rows.
    assert!(
        scrolled.max_dom_rows() <= scrolled.bound(),
        "{} rows in the DOM, more than {} ({scrolled:?})",
        scrolled.max_dom_rows(),
        scrolled.bound()
    );
    assert!(scrolled.max_dom_rows() * 4 < scrolled.loaded, "{scrolled:?}");
    app.quit().await;
}
