//! `hookscope send-test-event`: a signed sample `verification.completed` posted
//! to a listener, to see the whole flow without the provider.

use std::process::ExitCode;

use hookscope_core::test_event::send::{random_bytes, send_new};
use hookscope_core::test_event::{generated_secret, signing_secret, SECRET_BYTES};
use hookscope_core::Clock;

use crate::args::SendTestEventArgs;
use crate::secrets;

pub async fn send(args: SendTestEventArgs) -> anyhow::Result<ExitCode> {
    let path = url::Url::parse(&args.to).map(|u| u.path().to_owned()).unwrap_or_else(|_| "/".to_owned());
    let given = secrets::parse_all(&args.secrets).map_err(anyhow::Error::msg)?;
    let secret = match signing_secret(&given, &path) {
        Some(secret) => secret.clone(),
        None => {
            let secret = generated_secret(&random_bytes::<SECRET_BYTES>()?)?;
            // Printed once, so the listener (and the developer's handler) can be given it.
            println!("signed with a generated secret: {}", secret.reveal());
            println!("(give it to the listener with --secret to see the event verify)");
            secret
        }
    };
    let sent = send_new(&args.to, &secret, &Clock::system()).await?;
    let stored = sent.delivery_id.as_deref().map(|id| format!(", stored as {id}")).unwrap_or_default();
    println!(
        "sent {} (verification {}) to {}: answered {}{stored}",
        sent.message_id, sent.verification_id, sent.url, sent.status
    );
    Ok(if (200..300).contains(&sent.status) { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
