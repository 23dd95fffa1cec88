//! The computation: items of each agency, their shares of the points, the
//! lines that explain them, and the rankings.

use std::cmp::Reverse;

use chrono::{Datelike, NaiveDate};

use super::criteria::{Criteria, JudgedBy};
use super::points::{Points, apportion};
use super::{
    AgencyFacts, AgencyScore, BandRef, CriterionKey, CriterionScore, Figures, GroupRanking,
    ItemRef, ItemScore, Line, Outcome, PeerGroup, Period, RankEntry, ReportFacts, Scoring,
    ScoringInput, TaskFacts,
};

/// Scores every agency of `input` against `criteria` and ranks them within
/// their peer groups. The result depends only on the arguments, not on the
/// order of agencies or items in them.
pub fn score(criteria: &Criteria, input: &ScoringInput) -> Scoring {
    let mut agencies: Vec<AgencyScore> = input
        .agencies
        .iter()
        .map(|a| score_agency(criteria, &input.period, a))
        .collect();
    agencies.sort_by(|a, b| {
        (a.group, sort_key(&a.name), a.agency_id).cmp(&(b.group, sort_key(&b.name), b.agency_id))
    });
    let rankings = rank(&mut agencies);
    Scoring {
        period: input.period,
        criteria_version: criteria.version.clone(),
        criteria_name: criteria.name.clone(),
        total: criteria.total,
        agencies,
        rankings,
    }
}

/// "30/04/2026".
fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The points each item gets of each criterion before penalties.
#[derive(Clone, Copy, Default)]
struct Shares {
    quantity: Points,
    quality: Points,
    timeliness: Points,
}

impl Shares {
    fn total(self) -> Points {
        self.quantity + self.quality + self.timeliness
    }
}

enum Candidate<'a> {
    Task(&'a TaskFacts),
    Report(&'a ReportFacts),
}

impl Candidate<'_> {
    /// Items in deadline order, tasks before reports on the same day.
    fn order(&self) -> (NaiveDate, u8, i64) {
        match self {
            Candidate::Task(t) => (t.due, 0, t.task_id),
            Candidate::Report(r) => (r.due, 1, r.round_id),
        }
    }
}

/// Builds lines for one item.
struct Lines<'c> {
    criteria: &'c Criteria,
    item: ItemRef,
    out: Vec<Line>,
}

impl Lines<'_> {
    fn label(&self, c: CriterionKey) -> &str {
        match c {
            CriterionKey::Quantity => &self.criteria.quantity.points_label,
            CriterionKey::Quality => &self.criteria.quality.points_label,
            CriterionKey::Timeliness => &self.criteria.timeliness.points_label,
        }
    }

    /// "{why}: +6,00 điểm đúng hạn".
    fn gain(&mut self, c: CriterionKey, points: Points, why: String) {
        let text = format!("{why}: {} {}", points.vi_signed(), self.label(c));
        self.out.push(Line {
            item: self.item,
            criterion: Some(c),
            points,
            text,
        });
    }

    /// "{why}: −25 % điểm đúng hạn của nhiệm vụ (−1,50 điểm)".
    fn cost(&mut self, c: CriterionKey, share: Points, percent: u32, why: String, of: &str) {
        let percent = percent.min(100);
        let lost = share.percent(percent);
        let text = format!(
            "{why}: −{percent} % {} của {of} ({} điểm)",
            self.label(c),
            (-lost).vi_signed()
        );
        self.out.push(Line {
            item: self.item,
            criterion: Some(c),
            points: -lost,
            text,
        });
    }

    /// A line that explains without points.
    fn note(&mut self, text: String) {
        self.out.push(Line {
            item: self.item,
            criterion: None,
            points: Points::ZERO,
            text,
        });
    }
}

/// Counts that each item adds to the figures.
fn count_task(f: &mut Figures, t: &TaskFacts, outcome: Outcome, exempt: bool) {
    match outcome {
        Outcome::NotAssessed => {
            f.withdrawn += 1;
            return;
        }
        Outcome::OnTime => {
            f.completed += 1;
            f.on_time += 1;
        }
        Outcome::Late => {
            f.completed += 1;
            f.late += 1;
        }
        Outcome::NotDone => f.not_completed += 1,
    }
    f.assigned += 1;
    if matches!(outcome, Outcome::OnTime | Outcome::Late) {
        f.send_backs += t.send_backs;
        if t.send_backs == 0 {
            f.accepted_first_time += 1;
        }
    }
    if exempt {
        f.exempt_extensions += 1;
    }
}

fn task_item(
    criteria: &Criteria,
    period: &Period,
    t: &TaskFacts,
    share: Shares,
    figures: &mut Figures,
) -> ItemScore {
    let p = &criteria.penalties;
    let moved = t.due != t.original_due;
    let exempt = moved && t.extension_objective && p.objective_extension_exempt;
    let judged_due = if !moved || exempt {
        t.due
    } else {
        match p.other_extension_judged_by {
            JudgedBy::Original => t.original_due,
            JudgedBy::InForce => t.due,
        }
    };
    let mut lines = Lines {
        criteria,
        item: ItemRef::Task(t.task_id),
        out: Vec::new(),
    };
    if t.withdrawn {
        lines.note(format!(
            "Nhiệm vụ tạm dừng hoặc đã hủy (hạn {}): không đánh giá",
            day(t.due)
        ));
        count_task(figures, t, Outcome::NotAssessed, false);
        return finish(
            t_ref(t),
            &t.text,
            judged_due,
            Outcome::NotAssessed,
            Points::ZERO,
            lines,
        );
    }
    if moved {
        let cause = if t.extension_objective {
            "lý do khách quan"
        } else {
            "không vì lý do khách quan"
        };
        let verdict = if exempt {
            "không trừ điểm".to_string()
        } else if judged_due == t.original_due {
            format!("xét đúng hạn theo hạn ban đầu {}", day(t.original_due))
        } else {
            format!("xét đúng hạn theo hạn mới {}", day(t.due))
        };
        lines.note(format!(
            "Gia hạn được chấp thuận ({cause}) từ {} đến {}: {verdict}",
            day(t.original_due),
            day(t.due)
        ));
    }
    let done = t.completed_on.filter(|d| *d <= period.end);
    let Some(done) = done else {
        let overdue = (period.end - judged_due).num_days();
        let late = if overdue > 0 {
            format!(", quá hạn {overdue} ngày")
        } else {
            String::new()
        };
        lines.note(format!(
            "Chưa hoàn thành đến ngày {} (hạn {}{late}): không tính điểm",
            day(period.end),
            day(judged_due)
        ));
        count_task(figures, t, Outcome::NotDone, exempt);
        return finish(
            t_ref(t),
            &t.text,
            judged_due,
            Outcome::NotDone,
            share.total(),
            lines,
        );
    };
    lines.gain(
        CriterionKey::Quantity,
        share.quantity,
        format!("Hoàn thành, được chấp nhận (ngày hoàn thành {})", day(done)),
    );
    quality_lines(
        &mut lines,
        share.quality,
        t.send_backs,
        "Được chấp nhận khi thẩm định",
        "Bị trả lại",
        "khi thẩm định",
        "nhiệm vụ",
    );
    let outcome = timeliness_lines(
        &mut lines,
        share.timeliness,
        done,
        judged_due,
        "Hoàn thành",
        "nhiệm vụ",
    );
    count_task(figures, t, outcome, exempt);
    finish(t_ref(t), &t.text, judged_due, outcome, share.total(), lines)
}

fn t_ref(t: &TaskFacts) -> ItemRef {
    ItemRef::Task(t.task_id)
}

/// The quality share, less a percentage per send-back.
fn quality_lines(
    lines: &mut Lines,
    share: Points,
    times: u32,
    accepted: &str,
    sent_back: &str,
    at: &str,
    of: &str,
) {
    if times == 0 {
        lines.gain(
            CriterionKey::Quality,
            share,
            format!("{accepted}, không bị trả lại"),
        );
        return;
    }
    lines.gain(CriterionKey::Quality, share, accepted.to_string());
    let percent = times.saturating_mul(lines.criteria.penalties.send_back_percent);
    lines.cost(
        CriterionKey::Quality,
        share,
        percent,
        format!("{sent_back} {times} lần {at}")
            .trim_end()
            .to_string(),
        of,
    );
}

/// The timeliness share, less the late penalty; the outcome.
fn timeliness_lines(
    lines: &mut Lines,
    share: Points,
    done: NaiveDate,
    due: NaiveDate,
    verb: &str,
    of: &str,
) -> Outcome {
    if done < due {
        lines.gain(
            CriterionKey::Timeliness,
            share,
            format!("{verb} trước hạn {}", day(due)),
        );
        return Outcome::OnTime;
    }
    if done == due {
        lines.gain(
            CriterionKey::Timeliness,
            share,
            format!("{verb} đúng hạn {}", day(due)),
        );
        return Outcome::OnTime;
    }
    lines.gain(
        CriterionKey::Timeliness,
        share,
        format!("{verb} ngày {} (hạn {})", day(done), day(due)),
    );
    let late = (done - due).num_days();
    let percent = lines.criteria.penalties.late_percent;
    lines.cost(
        CriterionKey::Timeliness,
        share,
        percent,
        format!("Trễ hạn {late} ngày"),
        of,
    );
    Outcome::Late
}

/// The day a report is due by under the criteria: `due_day` of the month
/// its round falls due, clamped to the month; else the round's date.
fn report_deadline(criteria: &Criteria, due: NaiveDate) -> NaiveDate {
    let Some(d) = criteria.reports.due_day else {
        return due;
    };
    let last = due
        .with_day(1)
        .and_then(|first| first.checked_add_months(chrono::Months::new(1)))
        .and_then(|next| next.pred_opt())
        .map_or(28, |l| l.day());
    due.with_day(d.clamp(1, last)).unwrap_or(due)
}

fn report_item(
    criteria: &Criteria,
    period: &Period,
    r: &ReportFacts,
    share: Shares,
    figures: &mut Figures,
) -> ItemScore {
    let deadline = report_deadline(criteria, r.due);
    let item = ItemRef::Report(r.round_id);
    let mut lines = Lines {
        criteria,
        item,
        out: Vec::new(),
    };
    let title = if r.title.trim().is_empty() {
        criteria.reports.label.clone()
    } else {
        r.title.trim().to_string()
    };
    figures.reports_due += 1;
    let submitted = r.submitted_on.filter(|d| *d <= period.end);
    let scored = criteria.items.report_weight > 0;
    let Some(on) = submitted else {
        figures.reports_missing += 1;
        lines.note(format!(
            "{title} chưa nộp (hạn {}): không tính là hoàn thành",
            day(deadline)
        ));
        return finish(
            item,
            &title,
            deadline,
            Outcome::NotDone,
            share.total(),
            lines,
        );
    };
    if on > deadline {
        figures.reports_late += 1;
    } else {
        figures.reports_on_time += 1;
    }
    if !scored {
        let when = if on > deadline { "sau hạn" } else { "hạn" };
        lines.note(format!(
            "{title} nộp ngày {} ({when} {}): báo cáo không tính điểm theo bộ tiêu chí",
            day(on),
            day(deadline)
        ));
        let outcome = if on > deadline {
            Outcome::Late
        } else {
            Outcome::OnTime
        };
        return finish(item, &title, deadline, outcome, Points::ZERO, lines);
    }
    if on > deadline && criteria.reports.late_is_not_done {
        lines.note(format!(
            "{title} nộp ngày {} (sau hạn {}): không tính là hoàn thành",
            day(on),
            day(deadline)
        ));
        return finish(
            item,
            &title,
            deadline,
            Outcome::NotDone,
            share.total(),
            lines,
        );
    }
    lines.gain(
        CriterionKey::Quantity,
        share.quantity,
        format!("{title} đã nộp ngày {}", day(on)),
    );
    quality_lines(
        &mut lines,
        share.quality,
        r.returns,
        "Báo cáo được chấp nhận",
        "Báo cáo bị trả lại",
        "",
        "báo cáo",
    );
    let outcome = timeliness_lines(&mut lines, share.timeliness, on, deadline, "Nộp", "báo cáo");
    finish(item, &title, deadline, outcome, share.total(), lines)
}

fn finish(
    item: ItemRef,
    title: &str,
    judged_due: NaiveDate,
    outcome: Outcome,
    max: Points,
    lines: Lines,
) -> ItemScore {
    let points = lines.out.iter().map(|l| l.points).sum();
    ItemScore {
        item,
        title: title.trim().to_string(),
        judged_due,
        outcome,
        max,
        points,
        lines: lines.out,
    }
}

fn band_ref(criteria: &Criteria, score: Points) -> Option<BandRef> {
    criteria.band_of(score).map(|b| BandRef {
        key: b.key.clone(),
        label: b.label.clone(),
        short: b.short.clone(),
    })
}

fn score_agency(criteria: &Criteria, period: &Period, a: &AgencyFacts) -> AgencyScore {
    let mut candidates: Vec<Candidate> = a
        .tasks
        .iter()
        .filter(|t| period.contains(t.due))
        .map(Candidate::Task)
        .chain(
            a.reports
                .iter()
                .filter(|r| period.contains(r.due))
                .map(Candidate::Report),
        )
        .collect();
    candidates.sort_by_key(Candidate::order);

    // Only assessed items share the points: a withdrawn task takes none,
    // and reports none when their weight is zero.
    let weights: Vec<u32> = candidates
        .iter()
        .map(|c| match c {
            Candidate::Task(t) if t.withdrawn => 0,
            Candidate::Task(_) => criteria.items.task_weight,
            Candidate::Report(_) => criteria.items.report_weight,
        })
        .collect();
    let scored = weights.iter().any(|w| *w > 0);
    let quantity = apportion(criteria.quantity.points, &weights);
    let quality = apportion(criteria.quality.points, &weights);
    let timeliness = apportion(criteria.timeliness.points, &weights);

    let mut figures = Figures::default();
    let items: Vec<ItemScore> = candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let share = Shares {
                quantity: quantity.get(i).copied().unwrap_or_default(),
                quality: quality.get(i).copied().unwrap_or_default(),
                timeliness: timeliness.get(i).copied().unwrap_or_default(),
            };
            match c {
                Candidate::Task(t) => task_item(criteria, period, t, share, &mut figures),
                Candidate::Report(r) => report_item(criteria, period, r, share, &mut figures),
            }
        })
        .collect();

    let earned = |k: CriterionKey| -> Points {
        items
            .iter()
            .flat_map(|i| i.lines.iter())
            .filter(|l| l.criterion == Some(k))
            .map(|l| l.points)
            .sum()
    };
    let by_criterion = CriterionKey::ALL
        .into_iter()
        .map(|k| {
            let c = match k {
                CriterionKey::Quantity => &criteria.quantity,
                CriterionKey::Quality => &criteria.quality,
                CriterionKey::Timeliness => &criteria.timeliness,
            };
            CriterionScore {
                criterion: k,
                label: c.label.clone(),
                earned: earned(k),
                max: if scored { c.points } else { Points::ZERO },
            }
        })
        .collect();
    let score = scored.then(|| items.iter().map(|i| i.points).sum::<Points>());
    let note = (!scored).then(|| {
        format!(
            "Không có nhiệm vụ đến hạn trong {}: không xếp hạng",
            period.label_vi()
        )
    });
    AgencyScore {
        agency_id: a.agency_id,
        name: a.name.trim().to_string(),
        group: a.group,
        score,
        band: score.and_then(|s| band_ref(criteria, s)),
        rank: None,
        tied: false,
        note,
        by_criterion,
        items,
        figures,
    }
}

/// Ranks each peer group and writes the ranks back into the agencies.
fn rank(agencies: &mut [AgencyScore]) -> Vec<GroupRanking> {
    let mut out = Vec::new();
    for group in PeerGroup::ALL {
        let mut members: Vec<usize> = (0..agencies.len())
            .filter(|i| agencies.get(*i).is_some_and(|a| a.group == group))
            .collect();
        if members.is_empty() {
            continue;
        }
        let key = |i: &usize| {
            agencies.get(*i).map(|a| {
                (
                    a.score.is_none(),
                    Reverse(a.score),
                    sort_key(&a.name),
                    a.agency_id,
                )
            })
        };
        members.sort_by_key(key);
        let scores: Vec<Option<Points>> = members
            .iter()
            .map(|i| agencies.get(*i).and_then(|a| a.score))
            .collect();
        let mut entries = Vec::with_capacity(members.len());
        for i in members {
            let Some(a) = agencies.get_mut(i) else {
                continue;
            };
            if let Some(s) = a.score {
                let better = scores.iter().filter(|o| o.is_some_and(|o| o > s)).count();
                let same = scores.iter().filter(|o| **o == Some(s)).count();
                a.rank = Some(better as u32 + 1);
                a.tied = same > 1;
            }
            entries.push(RankEntry {
                agency_id: a.agency_id,
                name: a.name.clone(),
                score: a.score,
                band: a.band.clone(),
                rank: a.rank,
                tied: a.tied,
            });
        }
        out.push(GroupRanking { group, entries });
    }
    out
}

/// The Vietnamese alphabet, each letter followed by its toned forms in the
/// dictionary's order (ngang, huyền, hỏi, ngã, sắc, nặng).
const ALPHABET: &str =
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệfghiìỉĩíịjklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvwxyỳỷỹýỵz";

/// A key that orders names as a Vietnamese reader expects: letters by the
/// Vietnamese alphabet (đ after d, ơ after ô), case ignored; other
/// characters after, by code point.
pub(crate) fn sort_key(name: &str) -> Vec<u32> {
    name.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if c.is_whitespace() {
                return 0;
            }
            if c.is_ascii_digit() {
                return 1 + c as u32 - '0' as u32;
            }
            match ALPHABET.chars().position(|a| a == c) {
                Some(i) => 100 + i as u32,
                None => 1000 + c as u32,
            }
        })
        .collect()
}
