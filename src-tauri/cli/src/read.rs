//! `hookscope list` and `hookscope show`: reading the store.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;
use hookscope_core::store::ListOrder;
use hookscope_core::{Inspector, InspectorConfig};

use crate::args::{ListArgs, ShowArgs, StoreArgs};
use crate::render;

pub fn open(store: &StoreArgs) -> anyhow::Result<Inspector> {
    let db = store.db_path();
    Inspector::open(InspectorConfig::new(&db)).with_context(|| format!("cannot open {}", db.display()))
}

pub async fn list(args: ListArgs) -> anyhow::Result<ExitCode> {
    let inspector = open(&args.store)?;
    let filter = args.filter.to_filter(args.statuses, inspector.clock().now_ms()).map_err(anyhow::Error::msg)?;
    let store = inspector.store().clone();
    let json = args.json;
    tokio::task::spawn_blocking(move || {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        store.for_each_matching_blocking(&filter, ListOrder::OldestFirst, |delivery| -> anyhow::Result<()> {
            if json {
                let mut object = delivery.to_json();
                object.replays = store.replays_of_blocking(&delivery.id)?;
                serde_json::to_writer(&mut out, &object)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{}", render::summary_line(&delivery.summary()))?;
            }
            Ok(())
        })?;
        out.flush()?;
        anyhow::Ok(())
    })
    .await??;
    Ok(ExitCode::SUCCESS)
}

pub async fn show(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let inspector = open(&args.store)?;
    let (Some(delivery), Some(json)) = (inspector.delivery(&args.id).await?, inspector.delivery_json(&args.id).await?)
    else {
        eprintln!("hookscope: no delivery with id {}", args.id);
        return Ok(ExitCode::FAILURE);
    };
    if args.json {
        println!("{}", serde_json::to_string(&json)?);
    } else {
        print!("{}", render::detail(&delivery));
    }
    Ok(ExitCode::SUCCESS)
}
