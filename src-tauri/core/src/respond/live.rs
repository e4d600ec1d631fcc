//! The answer configuration in force, shared by the listener and the front ends.

use std::sync::{Arc, Mutex, MutexGuard};

use super::{banner, decide, AnswerConfig, Decision};

/// Shared [`AnswerConfig`]. Cheap to clone.
#[derive(Clone, Default)]
pub struct Answers(Arc<Mutex<AnswerConfig>>);

impl Answers {
    pub fn new(config: AnswerConfig) -> Self {
        Answers(Arc::new(Mutex::new(config)))
    }

    fn lock(&self) -> MutexGuard<'_, AnswerConfig> {
        // The config is plain data, valid even if a holder panicked.
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn get(&self) -> AnswerConfig {
        self.lock().clone()
    }

    pub fn set(&self, config: AnswerConfig) {
        *self.lock() = config;
    }

    /// The answer for attempt `attempt`, counting down "fail the next N" as it is used.
    pub fn decide(&self, attempt: u32) -> Decision {
        let mut config = self.lock();
        let decision = decide(&config, attempt);
        if decision.consumes_fail_next {
            if let Some(fail) = config.fail_next.as_mut() {
                fail.remaining = fail.remaining.saturating_sub(1);
                if fail.remaining == 0 {
                    config.fail_next = None;
                }
            }
        }
        decision
    }

    /// The sentence to show while answers are anything but a plain immediate 2xx.
    pub fn banner(&self) -> Option<String> {
        banner(&self.lock())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::respond::FailNext;

    #[test]
    fn fail_next_counts_down_then_clears() {
        let answers = Answers::new(AnswerConfig {
            fail_next: Some(FailNext { remaining: 2, status: 503 }),
            ..AnswerConfig::default()
        });
        assert_eq!(answers.decide(1).status, 503);
        assert_eq!(answers.decide(1).status, 503);
        assert_eq!(answers.decide(1).status, 200);
        assert_eq!(answers.get().fail_next, None);
        assert_eq!(answers.banner(), None);
    }
}
