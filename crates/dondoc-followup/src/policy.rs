//! The reminder policy: on which days before and after a deadline an agency
//! is reminded, and after how many reminders a task is flagged for the leader
//! (the ladder: reminder → reminder → … → the leader hears of it).
//!
//! A policy is read either from a short setting string
//! (`truoc=7,3;dung-han=co;qua-han=1,7,30;lap-lai=30;gan-co=3`) or, through
//! serde, from a TOML/JSON table with the English field names. Either way,
//! call [`ReminderPolicy::validate`] (the string parser does) and errors name
//! the field at fault.

use std::fmt;
use std::str::FromStr;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// Why a reminder is sent on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "days", rename_all = "snake_case")]
pub enum ReminderKind {
    /// Due in this many days (sắp đến hạn).
    DueIn(u32),
    /// Due today (đến hạn hôm nay).
    DueToday,
    /// Past due by this many days (quá hạn).
    Overdue(u32),
}

impl ReminderKind {
    /// A stable code for JSON and storage: `due_in`, `due_today`, `overdue`.
    pub fn code(self) -> &'static str {
        match self {
            ReminderKind::DueIn(_) => "due_in",
            ReminderKind::DueToday => "due_today",
            ReminderKind::Overdue(_) => "overdue",
        }
    }

    /// Days until the deadline or past it; 0 on the day.
    pub fn days(self) -> u32 {
        match self {
            ReminderKind::DueIn(n) | ReminderKind::Overdue(n) => n,
            ReminderKind::DueToday => 0,
        }
    }

    /// "còn 3 ngày", "đến hạn hôm nay", "quá hạn 5 ngày".
    pub fn label_vi(self) -> String {
        match self {
            ReminderKind::DueIn(n) => format!("còn {n} ngày"),
            ReminderKind::DueToday => "đến hạn hôm nay".to_string(),
            ReminderKind::Overdue(n) => format!("quá hạn {n} ngày"),
        }
    }
}

/// When to remind. The defaults: 7 and 3 days before, on the day, 1, 7 and
/// 30 days after, then every 30 days; flag for the leader after 3 reminders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReminderPolicy {
    /// Days before the deadline (trước hạn).
    pub before_days: Vec<u32>,
    /// Remind on the deadline itself (đúng hạn).
    pub on_due_day: bool,
    /// Days after the deadline (quá hạn).
    pub overdue_days: Vec<u32>,
    /// After the last overdue step, keep reminding every N days (lặp lại).
    pub then_every_days: Option<u32>,
    /// After this many reminders the task is flagged for the leader (gắn cờ);
    /// 0 never flags.
    pub flag_after_reminders: u32,
}

impl Default for ReminderPolicy {
    fn default() -> Self {
        ReminderPolicy {
            before_days: vec![7, 3],
            on_due_day: true,
            overdue_days: vec![1, 7, 30],
            then_every_days: Some(30),
            flag_after_reminders: 3,
        }
    }
}

/// A policy that cannot be used, with the field at fault (in the setting
/// string's words: `truoc`, `dung-han`, `qua-han`, `lap-lai`, `gan-co`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// A setting word the policy does not have.
    #[error("unknown setting `{0}` (expected truoc, dung-han, qua-han, lap-lai, gan-co)")]
    UnknownField(String),
    /// A setting without `=value`.
    #[error("`{0}` has no value (write `{0}=…`)")]
    MissingValue(String),
    /// A value that is not what the setting takes.
    #[error("`{field}`: `{value}` is not {expected}")]
    BadValue {
        /// The setting.
        field: &'static str,
        /// What was written.
        value: String,
        /// What it takes.
        expected: &'static str,
    },
    /// A setting given twice.
    #[error("`{0}` is given twice")]
    Duplicate(&'static str),
}

impl ReminderPolicy {
    /// The reminder due on `today` for a task due on `due`, if any.
    pub fn kind_on(&self, due: NaiveDate, today: NaiveDate) -> Option<ReminderKind> {
        let diff = (due - today).num_days();
        let days = u32::try_from(diff.unsigned_abs()).ok()?;
        if diff > 0 {
            return self
                .before_days
                .contains(&days)
                .then_some(ReminderKind::DueIn(days));
        }
        if diff == 0 {
            return self.on_due_day.then_some(ReminderKind::DueToday);
        }
        let step = self.overdue_days.contains(&days) || self.repeats_on(days);
        step.then_some(ReminderKind::Overdue(days))
    }

    /// True on the repeat days after the last overdue step (or, with no
    /// overdue steps, every N days after the deadline).
    fn repeats_on(&self, days_overdue: u32) -> bool {
        let Some(every) = self.then_every_days.filter(|n| *n > 0) else {
            return false;
        };
        let last = self.overdue_days.iter().copied().max().unwrap_or(0);
        days_overdue > last && (days_overdue - last).is_multiple_of(every)
    }

    /// The first day after `today` that brings a reminder, if any ever will.
    pub fn next_on(&self, due: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
        let mut offsets: Vec<i64> = Vec::new(); // days after the deadline
        offsets.extend(self.before_days.iter().map(|d| -i64::from(*d)));
        if self.on_due_day {
            offsets.push(0);
        }
        offsets.extend(self.overdue_days.iter().map(|d| i64::from(*d)));
        let after = (today - due).num_days();
        let mut next = offsets.into_iter().filter(|o| *o > after).min();
        if let Some(every) = self.then_every_days.filter(|n| *n > 0) {
            let every = i64::from(every);
            let last = self.overdue_days.iter().copied().max().map_or(0, i64::from);
            // The first repeat strictly after `after`.
            let k = if after < last {
                1
            } else {
                (after - last) / every + 1
            };
            let repeat = last + k * every;
            next = Some(next.map_or(repeat, |n| n.min(repeat)));
        }
        next.and_then(|o| due.checked_add_signed(Duration::days(o)))
    }

    /// The policy as a Vietnamese sentence, for the screens.
    pub fn describe_vi(&self) -> String {
        let days = |list: &[u32]| {
            let words: Vec<String> = list.iter().map(u32::to_string).collect();
            match words.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} và {last}", rest.join(", ")),
                _ => words.join(""),
            }
        };
        let mut parts = Vec::new();
        if !self.before_days.is_empty() {
            parts.push(format!("trước hạn {} ngày", days(&self.before_days)));
        }
        if self.on_due_day {
            parts.push("đúng ngày đến hạn".to_owned());
        }
        if !self.overdue_days.is_empty() {
            parts.push(format!("sau hạn {} ngày", days(&self.overdue_days)));
        }
        let mut s = if parts.is_empty() {
            "Không nhắc theo thời hạn".to_owned()
        } else {
            format!("Nhắc {}", parts.join(", "))
        };
        if let Some(n) = self.then_every_days {
            s.push_str(&format!(", rồi cứ {n} ngày nhắc lại một lần"));
        }
        s.push_str(&match self.flag_after_reminders {
            0 => "; không gắn cờ báo lãnh đạo.".to_owned(),
            n => format!("; gắn cờ báo lãnh đạo sau {n} lần nhắc."),
        });
        s
    }

    /// Whether a task reminded `reminders_so_far` times goes to the leader.
    pub fn flag_for_leader(&self, reminders_so_far: u32) -> bool {
        dondoc_domain::escalation::flagged(i64::from(reminders_so_far), self.flag_after_reminders)
    }

    /// Refuses zero days in the step lists: "0 days before" is the due day,
    /// which `on_due_day` says.
    pub fn validate(&self) -> Result<(), PolicyError> {
        let zero = |field, list: &[u32]| {
            if list.contains(&0) {
                Err(PolicyError::BadValue {
                    field,
                    value: "0".into(),
                    expected: "a number of days above 0 (the due day is `dung-han`)",
                })
            } else {
                Ok(())
            }
        };
        zero("truoc", &self.before_days)?;
        zero("qua-han", &self.overdue_days)
    }

    /// Reads the short setting string; fields left out keep their defaults.
    pub fn parse(text: &str) -> Result<ReminderPolicy, PolicyError> {
        let mut policy = ReminderPolicy::default();
        let mut seen: Vec<&'static str> = Vec::new();
        for part in text
            .split([';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            let key = key.trim().to_lowercase();
            let value = value.trim();
            let field: &'static str = match key.as_str() {
                "truoc" | "trước" => "truoc",
                "dung-han" | "đúng-hạn" => "dung-han",
                "qua-han" | "quá-hạn" => "qua-han",
                "lap-lai" | "lặp-lại" => "lap-lai",
                "gan-co" | "gắn-cờ" => "gan-co",
                _ => return Err(PolicyError::UnknownField(key)),
            };
            if seen.contains(&field) {
                return Err(PolicyError::Duplicate(field));
            }
            seen.push(field);
            if value.is_empty() && field != "truoc" && field != "qua-han" {
                return Err(PolicyError::MissingValue(field.to_string()));
            }
            match field {
                "truoc" => policy.before_days = days_list(field, value)?,
                "qua-han" => policy.overdue_days = days_list(field, value)?,
                "dung-han" => policy.on_due_day = yes_no(field, value)?,
                "lap-lai" => {
                    policy.then_every_days = match value {
                        "khong" | "không" | "0" => None,
                        v => Some(number(field, v)?),
                    }
                }
                _ => policy.flag_after_reminders = number(field, value)?,
            }
        }
        policy.validate()?;
        Ok(policy)
    }
}

fn number(field: &'static str, value: &str) -> Result<u32, PolicyError> {
    value.trim().parse().map_err(|_| PolicyError::BadValue {
        field,
        value: value.to_string(),
        expected: "a whole number of days",
    })
}

/// "7,3" → [7, 3]; an empty value is an empty list (no such reminders).
fn days_list(field: &'static str, value: &str) -> Result<Vec<u32>, PolicyError> {
    let mut out: Vec<u32> = value
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| number(field, v))
        .collect::<Result<_, _>>()?;
    out.sort_unstable_by(|a, b| b.cmp(a));
    out.dedup();
    if field == "qua-han" {
        out.reverse();
    }
    Ok(out)
}

fn yes_no(field: &'static str, value: &str) -> Result<bool, PolicyError> {
    match value.to_lowercase().as_str() {
        "co" | "có" | "1" | "true" => Ok(true),
        "khong" | "không" | "0" | "false" => Ok(false),
        _ => Err(PolicyError::BadValue {
            field,
            value: value.to_string(),
            expected: "`co` or `khong`",
        }),
    }
}

impl FromStr for ReminderPolicy {
    type Err = PolicyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReminderPolicy::parse(s)
    }
}

/// The setting string that [`ReminderPolicy::parse`] reads back.
impl fmt::Display for ReminderPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |l: &[u32]| l.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
        write!(
            f,
            "truoc={};dung-han={};qua-han={};lap-lai={};gan-co={}",
            list(&self.before_days),
            if self.on_due_day { "co" } else { "khong" },
            list(&self.overdue_days),
            self.then_every_days.unwrap_or(0),
            self.flag_after_reminders
        )
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_policy_reads_as_a_sentence() {
        assert_eq!(
            super::ReminderPolicy::default().describe_vi(),
            "Nhắc trước hạn 7 và 3 ngày, đúng ngày đến hạn, sau hạn 1, 7 và 30 ngày, rồi cứ 30 ngày nhắc lại một lần; gắn cờ báo lãnh đạo sau 3 lần nhắc."
        );
    }

    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    /// The reminders the policy sends for a task due on 2026-11-25, over
    /// the days from `from` to `to`, as (date, kind).
    fn schedule(p: &ReminderPolicy, from: &str, to: &str) -> Vec<(String, ReminderKind)> {
        let due = d("2026-11-25");
        d(from)
            .iter_days()
            .take_while(|day| *day <= d(to))
            .filter_map(|day| {
                p.kind_on(due, day)
                    .map(|k| (day.format("%d/%m").to_string(), k))
            })
            .collect()
    }

    #[test]
    fn default_ladder_over_three_months() {
        use ReminderKind::*;
        let got = schedule(&ReminderPolicy::default(), "2026-11-01", "2027-02-28");
        let want = [
            ("18/11", DueIn(7)),
            ("22/11", DueIn(3)),
            ("25/11", DueToday),
            ("26/11", Overdue(1)),
            ("02/12", Overdue(7)),
            ("25/12", Overdue(30)),
            ("24/01", Overdue(60)),
            ("23/02", Overdue(90)),
        ];
        let want: Vec<_> = want.iter().map(|(s, k)| (s.to_string(), *k)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn without_repeat_reminders_stop_after_the_last_step() {
        let p = ReminderPolicy {
            then_every_days: None,
            on_due_day: false,
            ..ReminderPolicy::default()
        };
        let got = schedule(&p, "2026-11-24", "2027-06-01");
        let days: Vec<_> = got.iter().map(|(_, k)| *k).collect();
        assert_eq!(
            days,
            [
                ReminderKind::Overdue(1),
                ReminderKind::Overdue(7),
                ReminderKind::Overdue(30)
            ]
        );
    }

    #[test]
    fn repeat_alone_counts_from_the_deadline() {
        let p = ReminderPolicy {
            overdue_days: vec![],
            then_every_days: Some(10),
            ..ReminderPolicy::default()
        };
        let due = d("2026-11-25");
        assert_eq!(
            p.kind_on(due, d("2026-12-05")),
            Some(ReminderKind::Overdue(10))
        );
        assert_eq!(p.kind_on(due, d("2026-12-06")), None);
        assert_eq!(
            p.kind_on(due, d("2026-12-15")),
            Some(ReminderKind::Overdue(20))
        );
    }

    #[test]
    fn next_reminder_day() {
        let p = ReminderPolicy::default();
        let due = d("2026-11-25");
        assert_eq!(p.next_on(due, d("2026-11-01")), Some(d("2026-11-18")));
        assert_eq!(p.next_on(due, d("2026-11-18")), Some(d("2026-11-22")));
        assert_eq!(p.next_on(due, d("2026-11-24")), Some(d("2026-11-25")));
        assert_eq!(p.next_on(due, d("2026-12-02")), Some(d("2026-12-25")));
        assert_eq!(p.next_on(due, d("2026-12-25")), Some(d("2027-01-24")));
        assert_eq!(p.next_on(due, d("2027-01-30")), Some(d("2027-02-23")));
        let finite = ReminderPolicy {
            then_every_days: None,
            ..ReminderPolicy::default()
        };
        assert_eq!(finite.next_on(due, d("2026-12-25")), None);
        // Every answer of next_on is a day kind_on reminds on.
        for start in d("2026-10-01").iter_days().take(200) {
            if let Some(next) = p.next_on(due, start) {
                assert!(p.kind_on(due, next).is_some(), "{start} -> {next}");
                let skipped = start.iter_days().skip(1).take_while(|x| *x < next);
                assert!(
                    skipped.clone().all(|x| p.kind_on(due, x).is_none()),
                    "{start}"
                );
            }
        }
    }

    #[test]
    fn the_leader_is_told_after_the_third_reminder() {
        let p = ReminderPolicy::default();
        assert!(!p.flag_for_leader(2));
        assert!(p.flag_for_leader(3));
        let never = ReminderPolicy {
            flag_after_reminders: 0,
            ..p
        };
        assert!(!never.flag_for_leader(100));
    }

    #[test]
    fn setting_string_round_trips_and_keeps_defaults() {
        let p = ReminderPolicy::parse("truoc=3,7; qua-han=30,1,7 ;lap-lai=30;gan-co=3")
            .unwrap_or_default();
        assert_eq!(p, ReminderPolicy::default());
        assert_eq!(ReminderPolicy::parse(&p.to_string()), Ok(p.clone()));
        assert_eq!(ReminderPolicy::parse(""), Ok(p));
        let q: Result<ReminderPolicy, _> = "dung-han=khong;lap-lai=khong;truoc=".parse();
        assert_eq!(
            q,
            Ok(ReminderPolicy {
                before_days: vec![],
                on_due_day: false,
                then_every_days: None,
                ..ReminderPolicy::default()
            })
        );
    }

    #[test]
    fn setting_errors_name_the_field() {
        let err = |s: &str| {
            ReminderPolicy::parse(s)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(
            err("truoc=7,ba").starts_with("`truoc`: `ba`"),
            "{}",
            err("truoc=7,ba")
        );
        assert!(err("qua-han=0").starts_with("`qua-han`: `0`"));
        assert!(err("gan-co=-1").starts_with("`gan-co`"));
        assert!(err("dung-han=maybe").starts_with("`dung-han`"));
        assert!(err("nhac=1").contains("unknown setting `nhac`"));
        assert!(err("lap-lai").contains("`lap-lai` has no value"));
        assert!(err("truoc=1;truoc=2").contains("given twice"));
    }

    #[test]
    fn serde_table_with_english_names() {
        let p: Result<ReminderPolicy, _> =
            serde_json::from_str(r#"{"before_days":[5],"then_every_days":null}"#);
        assert_eq!(
            p.ok(),
            Some(ReminderPolicy {
                before_days: vec![5],
                then_every_days: None,
                ..ReminderPolicy::default()
            })
        );
        let bad = serde_json::from_str::<ReminderPolicy>(r#"{"before_day":[5]}"#)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(bad.contains("before_day"), "{bad}");
        let typed = serde_json::from_str::<ReminderPolicy>(r#"{"overdue_days":"1,7"}"#);
        assert!(typed.is_err());
    }
}
