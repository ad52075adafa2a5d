//! How far producers may run ahead of a writer that emits results in input order: the file
//! batch (`run::Pipeline::check_each`, its workers take files) and the record stream
//! (`records::check_stream`, its reader takes records) share it.
//!
//! The window bounds the items taken and not yet written, in number and in bytes, so memory
//! holds that window's results whatever the input's size; the next item to write is always
//! admitted, so the writer never waits for ever.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, PoisonError};

/// The shared window; see the module doc.
pub(crate) struct Window {
    state: Mutex<State>,
    moved: Condvar,
    /// At most this many items taken and not yet written.
    items: usize,
    /// At most this many bytes of them (past the next item to write).
    bytes: u64,
}

struct State {
    /// The next sequence number to hand out.
    next: usize,
    /// How many items the writer has written.
    written: usize,
    /// Set when the writer failed: producers stop.
    stop: bool,
    /// Sizes of the items taken and not yet written, in order.
    in_flight: VecDeque<u64>,
}

/// Whether an item of `size` bytes may be taken with `in_flight` taken and not yet written.
fn admits(in_flight: &VecDeque<u64>, items: usize, bytes: u64, size: u64) -> bool {
    in_flight.is_empty()
        || (in_flight.len() < items && in_flight.iter().sum::<u64>() + size <= bytes)
}

impl Window {
    pub(crate) fn new(items: usize, bytes: u64) -> Self {
        Window {
            state: Mutex::new(State {
                next: 0,
                written: 0,
                stop: false,
                in_flight: VecDeque::new(),
            }),
            moved: Condvar::new(),
            items,
            bytes,
        }
    }

    /// At most this many items taken and not yet written.
    pub(crate) fn items(&self) -> usize {
        self.items
    }

    /// The next sequence number below `end`, once the window admits its item (`size` gives
    /// the byte size of item `i`); `None` when there is none left or the writer stopped.
    pub(crate) fn take(&self, end: usize, size: impl Fn(usize) -> u64) -> Option<usize> {
        let mut g = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if g.stop || g.next >= end {
                return None;
            }
            let item = size(g.next);
            if admits(&g.in_flight, self.items, self.bytes, item) {
                g.next += 1;
                g.in_flight.push_back(item);
                return Some(g.next - 1);
            }
            g = self.moved.wait(g).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// The writer has written `count` items in all.
    pub(crate) fn written(&self, count: usize) {
        let mut g = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while g.written < count {
            g.written += 1;
            g.in_flight.pop_front();
        }
        self.moved.notify_all();
    }

    /// The writer failed: producers stop after their current item.
    pub(crate) fn stop(&self) {
        self.state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .stop = true;
        self.moved.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_bounds_items_and_bytes_but_always_admits_the_next_to_write() {
        let sizes = |v: &[u64]| v.iter().copied().collect::<VecDeque<u64>>();
        // Nothing in flight: the next item to write is taken whatever its size.
        assert!(admits(&sizes(&[]), 4, 100, 1_000));
        assert!(admits(&sizes(&[10, 20]), 4, 100, 70));
        // Over the count, or over the bytes: wait for the writer.
        assert!(!admits(&sizes(&[1, 1, 1, 1]), 4, 100, 1));
        assert!(!admits(&sizes(&[10, 20]), 4, 100, 71));
    }

    #[test]
    fn items_are_handed_out_once_in_order_until_the_end_or_a_stop() {
        let window = Window::new(3, u64::MAX);
        let taken: Vec<usize> = (0..3).filter_map(|_| window.take(10, |_| 0)).collect();
        assert_eq!(taken, [0, 1, 2]);
        // Full: writing two frees two places.
        window.written(2);
        assert_eq!(window.take(10, |_| 0), Some(3));
        assert_eq!(window.take(10, |_| 0), Some(4));
        window.written(5);
        assert_eq!(window.take(6, |_| 0), Some(5));
        assert_eq!(window.take(6, |_| 0), None, "the end");
        let window = Window::new(3, u64::MAX);
        window.stop();
        assert_eq!(window.take(10, |_| 0), None, "stopped");
    }
}
