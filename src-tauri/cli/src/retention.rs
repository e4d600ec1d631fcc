//! `hookscope pin` / `unpin`, and `listen --keep` / `--keep-size`: how much the store keeps.

use std::process::ExitCode;

use hookscope_core::retention::Retention;
use hookscope_core::Inspector;

use crate::args::{ListenArgs, PinArgs};

pub async fn pin(args: PinArgs, pinned: bool) -> anyhow::Result<ExitCode> {
    let inspector = crate::read::open(&args.store)?;
    if !inspector.store().set_pinned(&args.id, pinned).await? {
        anyhow::bail!("no delivery with id {}", args.id);
    }
    match pinned {
        true => println!("pinned {}: kept whatever the retention cap", args.id),
        false => println!("unpinned {}: removed in its turn when the store is over its cap", args.id),
    }
    Ok(ExitCode::SUCCESS)
}

/// Saves the cap given with `--keep` / `--keep-size` (the rest stays as saved) and
/// says what is kept.
pub async fn apply(inspector: &Inspector, args: &ListenArgs) -> anyhow::Result<String> {
    let saved = inspector.store().retention();
    let wanted = Retention {
        max_deliveries: args.keep.unwrap_or(saved.max_deliveries),
        max_body_bytes: args.keep_size.unwrap_or(saved.max_body_bytes),
    };
    if wanted != saved {
        wanted.validate()?;
        inspector.store().set_retention(wanted).await?;
    }
    Ok(format!("keeping {} (oldest removed first, pinned ones kept)", wanted.describe()))
}

/// Printed when retention removed deliveries, so they do not vanish from `list` unexplained.
pub fn removed_line(count: usize) -> String {
    match count {
        1 => "removed the oldest delivery to stay within the retention cap".to_owned(),
        n => format!("removed the {n} oldest deliveries to stay within the retention cap"),
    }
}
