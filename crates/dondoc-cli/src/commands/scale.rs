//! National-scale data and its benchmark: `dondoc demo-data` generates
//! provinces of agencies, communes, directives, tasks and updates;
//! `dondoc bench-store` times the queries the dashboard and an agency's inbox
//! need, as p50/p99 over many runs.

use super::tracking::{Db, parse_date};
use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate};
use dondoc_domain::reports::{Arrival, InboxFigures, RoundKind, default_due, round_title};
use dondoc_domain::scoring::{Criteria, Period, score};
use dondoc_store::status::Status;
use dondoc_store::{BulkIndicator, BulkProject, BulkReport, BulkRound, BulkTask, TaskFilter};
use std::collections::HashMap;
use std::time::Instant;

/// A small deterministic generator (xorshift): the same data set every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v.get(self.below(v.len() as u64) as usize)
            .copied()
            .unwrap_or("")
    }
}

const DEPARTMENTS: &[&str] = &[
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Văn phòng UBND tỉnh",
    "Công an tỉnh",
];
const VERBS: &[&str] = &[
    "Xây dựng",
    "Hoàn thiện",
    "Triển khai",
    "Rà soát, cập nhật",
    "Tham mưu ban hành",
    "Tổ chức đánh giá",
    "Số hóa",
    "Nâng cấp",
    "Kết nối, chia sẻ",
    "Đào tạo, bồi dưỡng",
];
const OBJECTS: &[&str] = &[
    "kế hoạch chuyển đổi số năm",
    "cơ sở dữ liệu chuyên ngành",
    "danh mục dữ liệu dùng chung",
    "nền tảng số dùng chung cấp xã",
    "hệ thống thông tin giải quyết thủ tục hành chính",
    "kho dữ liệu dùng chung (Big Data)",
    "Trung tâm giám sát, điều hành thông minh (IOC)",
    "chỉ số chuyển đổi số (DTI)",
    "chính sách thu hút chuyên gia, nhà khoa học",
    "dịch vụ công trực tuyến toàn trình",
    "hạ tầng 5G tại các khu kinh tế",
    "an toàn thông tin cho các hệ thống dùng chung",
];

#[derive(clap::Args)]
pub struct DemoArgs {
    #[arg(long, default_value_t = 34)]
    provinces: u32,
    #[arg(long, default_value_t = 5)]
    years: i32,
    /// Tasks per province per year.
    #[arg(long, default_value_t = 2000)]
    tasks_per_year: u32,
    /// Progress updates per task (on average).
    #[arg(long, default_value_t = 10)]
    updates: u32,
    /// Projects with money (giải ngân) per province per year.
    #[arg(long, default_value_t = 100)]
    projects_per_year: u32,
    /// Indicators (chỉ tiêu) per province, with yearly targets and
    /// quarterly values over the years.
    #[arg(long, default_value_t = 50)]
    indicators: u32,
    /// The last year generated ends at this date.
    #[arg(long, default_value = "22/11/2026")]
    today: String,
    /// Leave out the monthly report rounds and each agency's reports.
    #[arg(long)]
    no_reports: bool,
    #[command(flatten)]
    db: Db,
}

const HIGHLIGHTS: &[&str] = &[
    "Kết nối, chia sẻ dữ liệu dân cư với cơ sở dữ liệu chuyên ngành",
    "Tỷ lệ hồ sơ trực tuyến toàn trình tăng so với tháng trước",
    "Hoàn thành số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức",
    "Triển khai nền tảng số dùng chung cấp xã",
];
const DIFFICULTIES: &[&str] = &[
    "Thiếu nhân lực công nghệ thông tin chuyên trách",
    "Hạ tầng mạng tại các thôn vùng lõm sóng chưa bảo đảm",
    "Kinh phí cho chuyển đổi số chưa được bố trí kịp thời",
    "Dữ liệu chuyên ngành chưa được chuẩn hóa, khó kết nối",
];
const PROPOSALS: &[&str] = &[
    "Đề nghị UBND tỉnh bố trí kinh phí chuyển đổi số",
    "Đề nghị các bộ, ngành Trung ương ban hành hướng dẫn kết nối dữ liệu",
    "Đề nghị Ban Chỉ đạo tổ chức đào tạo chuyên gia dữ liệu",
];

/// The monthly rounds from January of the first year to `today`'s month,
/// due on the 25th (the default criteria's day); existing ones are kept.
async fn demo_rounds(
    store: &dondoc_store::Store,
    first_year: i32,
    today: NaiveDate,
) -> Result<Vec<BulkRound>> {
    // A scope of no agency: the rounds without counting their reports.
    let existing: HashMap<NaiveDate, i64> = store
        .rounds(Some(-1))
        .await?
        .into_iter()
        .filter(|r| r.kind == RoundKind::Monthly)
        .map(|r| (r.start, r.id))
        .collect();
    let mut next = store.next_id("report_rounds").await?;
    let mut out = Vec::new();
    let mut new = Vec::new();
    let mut month = NaiveDate::from_ymd_opt(first_year, 1, 1).unwrap_or(today);
    while month <= today {
        let (start, end) = RoundKind::Monthly
            .period_of(month)
            .unwrap_or((month, month));
        let round = BulkRound {
            id: existing.get(&start).copied().unwrap_or(next),
            start,
            end,
            due: default_due(end, Some(25)),
            title: round_title(RoundKind::Monthly, start, end),
            open: end >= today,
        };
        if !existing.contains_key(&start) {
            next += 1;
            new.push(round.clone());
        }
        out.push(round);
        month = end + Duration::days(1);
    }
    store.bulk_rounds(&new).await?;
    Ok(out)
}

/// A lead agency's task: (id, due, completed on).
type AgencyTask = (i64, Option<NaiveDate>, Option<NaiveDate>);

/// Each member agency's report in each round: most on time and accepted,
/// some late, returned once, or missing; the current round half filed.
fn demo_reports(
    rng: &mut Rng,
    rounds: &[BulkRound],
    members: &[i64],
    tasks: &HashMap<i64, Vec<AgencyTask>>,
    today: NaiveDate,
    next_id: &mut i64,
) -> Vec<BulkReport> {
    let mut out = Vec::with_capacity(rounds.len() * members.len());
    for r in rounds {
        for agency in members {
            let roll = rng.below(100);
            let (state, filed, events): (
                &'static str,
                Option<NaiveDate>,
                Vec<(&'static str, NaiveDate)>,
            ) = if r.open {
                let on = r.start + Duration::days(rng.below(20) as i64);
                if roll < 45 && on <= today {
                    ("submitted", Some(on), vec![("submit", on)])
                } else {
                    ("draft", None, Vec::new())
                }
            } else if roll < 70 {
                let on = r.due - Duration::days(rng.below(10) as i64);
                let ok = on + Duration::days(2);
                ("accepted", Some(on), vec![("submit", on), ("accept", ok)])
            } else if roll < 80 {
                let on = r.due + Duration::days(1 + rng.below(10) as i64);
                let ok = on + Duration::days(2);
                ("accepted", Some(on), vec![("submit", on), ("accept", ok)])
            } else if roll < 88 {
                let on = r.due - Duration::days(rng.below(5) as i64);
                let back = on + Duration::days(1);
                let again = back + Duration::days(3);
                (
                    "accepted",
                    Some(on),
                    vec![
                        ("submit", on),
                        ("return", back),
                        ("submit", again),
                        ("accept", again),
                    ],
                )
            } else {
                ("draft", None, Vec::new())
            };
            let mut items = Vec::new();
            if filed.is_some() {
                let window = r.end + Duration::days(60);
                for (task, due, done) in tasks.get(agency).map(Vec::as_slice).unwrap_or(&[]) {
                    let open_then = done.is_none_or(|d| d >= r.start);
                    if open_then && due.is_some_and(|d| d >= r.start && d <= window) {
                        items.push((
                            *task,
                            20 + rng.below(80) as i64,
                            "Đã triển khai theo kế hoạch".to_owned(),
                        ));
                        if items.len() == 3 {
                            break;
                        }
                    }
                }
            }
            let pick = |rng: &mut Rng, v: &[&str]| {
                if filed.is_some() {
                    rng.pick(v).to_owned()
                } else {
                    String::new()
                }
            };
            out.push(BulkReport {
                id: *next_id,
                round_id: r.id,
                agency_id: *agency,
                state,
                first_submitted_on: filed,
                highlights: pick(rng, HIGHLIGHTS),
                difficulties: pick(rng, DIFFICULTIES),
                proposals: pick(rng, PROPOSALS),
                events,
                items,
            });
            *next_id += 1;
        }
    }
    out
}

pub async fn demo_data(a: DemoArgs) -> Result<()> {
    let store = a.db.open().await?;
    let today = parse_date(&a.today)?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut agency_id, mut directive_id, mut task_id) = (
        store.next_id("agencies").await?,
        store.next_id("directives").await?,
        store.next_id("tasks").await?,
    );
    let mut update_id = store.next_id("updates").await?;
    let started = Instant::now();
    let (mut n_tasks, mut n_updates, mut n_reports) = (0u64, 0u64, 0u64);
    let first_year = today.year() - a.years + 1;
    let rounds = if a.no_reports {
        Vec::new()
    } else {
        demo_rounds(&store, first_year, today).await?
    };
    let mut report_id = store.next_id("reports").await?;
    let (mut n_projects, mut n_indicators) = (0u64, 0u64);
    for p in 1..=a.provinces {
        // The province's committee, ~70 agencies and 100 communes under it.
        let root = agency_id;
        let mut agencies = vec![(
            root,
            format!("Ủy ban nhân dân tỉnh P{p:02}"),
            "province",
            None,
        )];
        let mut members = Vec::new();
        for k in 0..70u32 {
            let base = DEPARTMENTS
                .get(k as usize % DEPARTMENTS.len())
                .copied()
                .unwrap_or("Sở");
            let name = if k < DEPARTMENTS.len() as u32 {
                format!("{base} tỉnh P{p:02}")
            } else {
                format!("{base} — đơn vị {k} tỉnh P{p:02}")
            };
            agencies.push((root + 1 + i64::from(k), name, "department", Some(root)));
        }
        for k in 0..100u32 {
            agencies.push((
                root + 71 + i64::from(k),
                format!("Ủy ban nhân dân xã X{k:03} tỉnh P{p:02}"),
                "commune",
                Some(root),
            ));
        }
        members.extend(agencies.iter().skip(1).map(|a| a.0));
        agency_id += agencies.len() as i64;
        store.bulk_agencies(&agencies).await?;
        // Each lead agency's tasks: (id, due, completed on), for its reports.
        let mut by_agency: HashMap<i64, Vec<AgencyTask>> = HashMap::new();

        for y in 0..a.years {
            let year = today
                .format("%Y")
                .to_string()
                .parse::<i32>()
                .unwrap_or(2026)
                - a.years
                + 1
                + y;
            let per_directive = 40;
            let n_dirs = a.tasks_per_year.div_ceil(per_directive);
            let mut directives = Vec::new();
            let mut tasks = Vec::new();
            for dnum in 0..n_dirs {
                let issued = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today)
                    + Duration::days(rng.below(330) as i64);
                if issued > today {
                    continue;
                }
                directives.push((directive_id, format!("{}/TB-UBND", dnum + 1), issued));
                for _ in 0..per_directive.min(a.tasks_per_year - dnum * per_directive) {
                    let due = (rng.below(10) > 0)
                        .then(|| issued + Duration::days(15 + rng.below(180) as i64));
                    let lead = members
                        .get(rng.below(members.len() as u64) as usize)
                        .copied()
                        .unwrap_or(root);
                    let mut support: Vec<i64> = (0..rng.below(3))
                        .filter_map(|_| {
                            members
                                .get(rng.below(members.len() as u64) as usize)
                                .copied()
                        })
                        .filter(|s| *s != lead)
                        .collect();
                    support.sort_unstable();
                    support.dedup();
                    let past_due = due.is_some_and(|d| d < today);
                    let done = if past_due {
                        rng.below(10) < 7
                    } else {
                        rng.below(10) < 2
                    };
                    let completed_on = done.then(|| {
                        let end = due.unwrap_or(today).min(today);
                        let late = rng.below(10) < 2;
                        if late {
                            (end + Duration::days(1 + rng.below(20) as i64)).min(today)
                        } else {
                            end - Duration::days(rng.below(10) as i64)
                        }
                    });
                    let span = (due.unwrap_or(today).min(today) - issued).num_days().max(1);
                    let n_upd = rng.below(u64::from(a.updates) * 2 + 1);
                    let updates = (0..n_upd)
                        .map(|k| {
                            (
                                issued + Duration::days(rng.below(span as u64) as i64),
                                (k as i64 + 1) * 100 / (n_upd as i64 + 1),
                            )
                        })
                        .collect::<Vec<_>>();
                    n_updates += updates.len() as u64;
                    let text = format!("{} {} {}", rng.pick(VERBS), rng.pick(OBJECTS), year);
                    by_agency
                        .entry(lead)
                        .or_default()
                        .push((task_id, due, completed_on));
                    tasks.push(BulkTask {
                        id: task_id,
                        directive_id,
                        text,
                        lead,
                        support,
                        due,
                        completed_on,
                        updates,
                    });
                    task_id += 1;
                }
                directive_id += 1;
            }
            n_tasks += tasks.len() as u64;
            update_id = store.bulk_load(&directives, &tasks, update_id).await?;
        }
        if !rounds.is_empty() {
            let reports = demo_reports(
                &mut rng,
                &rounds,
                &members,
                &by_agency,
                today,
                &mut report_id,
            );
            n_reports += reports.len() as u64;
            store.bulk_reports(&reports).await?;
        }
        let departments: Vec<i64> = (1..=70).map(|k| root + k).collect();
        let (projects, indicators) = money_data(
            &mut rng,
            p,
            &departments,
            first_year,
            today,
            a.projects_per_year,
            a.indicators,
        );
        n_projects += projects.len() as u64;
        n_indicators += indicators.len() as u64;
        store.bulk_projects(&projects).await?;
        store.bulk_indicators(&indicators).await?;
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "province {p}/{}: {n_tasks} tasks, {n_updates} updates, {n_reports} reports, {n_projects} projects, {n_indicators} indicators, {:.0} tasks/s",
            a.provinces,
            n_tasks as f64 / secs
        );
    }
    store.finish_bulk().await?;
    let secs = started.elapsed().as_secs_f64();
    println!("loaded {n_projects} projects and {n_indicators} indicators");
    println!(
        "loaded {n_tasks} tasks, {n_updates} updates, {} rounds and {n_reports} reports in {secs:.1} s: {:.0} tasks/s, {:.0} rows/s",
        rounds.len(),
        n_tasks as f64 / secs,
        (n_tasks * 3 + n_updates) as f64 / secs
    );
    Ok(())
}

const PROJECT_OBJECTS: &[&str] = &[
    "Nền tảng tích hợp, chia sẻ dữ liệu",
    "Trung tâm giám sát, điều hành thông minh",
    "Kho dữ liệu dùng chung",
    "Hệ thống thông tin giải quyết thủ tục hành chính",
    "Nhiệm vụ khoa học: ứng dụng trí tuệ nhân tạo",
    "Nhiệm vụ khoa học: giống cây trồng chịu mặn",
    "Hạ tầng mạng truyền số liệu chuyên dùng",
    "Số hóa hồ sơ, tài liệu lưu trữ",
];
const INDICATOR_NAMES: &[(&str, &str)] = &[
    ("Tỷ lệ hồ sơ trực tuyến toàn trình", "percent"),
    ("Xếp hạng chỉ số chuyển đổi số (DTI)", "rank"),
    ("Chỉ số đổi mới sáng tạo (PII)", "points"),
    ("Số doanh nghiệp khoa học và công nghệ", "count"),
    ("Tỷ trọng kinh tế số trong GRDP", "percent"),
];

/// A province's projects (each year's) and indicators, deterministic.
fn money_data(
    rng: &mut Rng,
    province: u32,
    departments: &[i64],
    first_year: i32,
    today: NaiveDate,
    per_year: u32,
    indicators: u32,
) -> (Vec<BulkProject>, Vec<BulkIndicator>) {
    const M: i64 = 1_000_000;
    let sources = ["public_investment", "recurrent", "other"];
    let programmes = ["science_technology", "digital_transformation", "other"];
    let mut projects = Vec::new();
    for year in first_year..=today.year() {
        // Months of the year started by today (all twelve for past years).
        let started = if year < today.year() {
            12
        } else {
            today.month() as usize
        };
        for k in 0..per_year {
            let agency = departments[rng.below(departments.len() as u64) as usize];
            let allocation = (1 + rng.below(50) as i64) * 100 * M + rng.below(1000) as i64 * M;
            // Planned from February to December, the rest in December.
            let mut plan = [0i64; 12];
            let share = allocation / 11;
            for m in plan.iter_mut().skip(1) {
                *m = share;
            }
            plan[11] += allocation - share * 11;
            // Disbursed: 40–110 % of each started month's plan.
            let pace = 40 + rng.below(71) as i64;
            let mut actual = [0i64; 12];
            for m in 0..started {
                actual[m] = plan[m] / 100 * pace;
            }
            projects.push(BulkProject {
                code: format!("P{province:02}-{year}-{k:03}"),
                name: format!("{} {year} ({k})", rng.pick(PROJECT_OBJECTS)),
                agency_id: agency,
                source: sources[rng.below(3) as usize],
                programme: programmes[rng.below(3) as usize],
                year,
                allocation,
                plan,
                actual,
            });
        }
    }
    let mut out = Vec::new();
    for k in 0..indicators {
        let (name, unit) = INDICATOR_NAMES[k as usize % INDICATOR_NAMES.len()];
        let lower = unit == "rank";
        let base: i64 = match unit {
            "rank" => 30,
            "points" => 35,
            "count" => 100,
            _ => 40,
        };
        let step: i64 = match unit {
            "rank" => -3,
            "count" => 20,
            _ => 5,
        };
        let targets = (first_year..=today.year())
            .map(|y| {
                let t = base + step * i64::from(y - first_year + 1);
                (y.to_string(), "reach", t.max(1) * 10_000)
            })
            .collect();
        // Quarterly values along (or off) the way to the targets.
        let pace = 60 + rng.below(60) as i64;
        let mut values = Vec::new();
        for y in first_year..=today.year() {
            for q in 1..=4u32 {
                let end = NaiveDate::from_ymd_opt(y, q * 3, 1)
                    .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(today);
                if end >= today {
                    continue;
                }
                let quarters = i64::from(y - first_year) * 4 + i64::from(q);
                let v = base * 10_000 + step * 10_000 * quarters * pace / 400;
                values.push((
                    format!("{y}-Q{q}"),
                    end.to_string(),
                    v.max(10_000),
                    format!("{}/BC-P{province:02}", quarters),
                ));
            }
        }
        out.push(BulkIndicator {
            code: format!("P{province:02}-CT{k:02}"),
            name: format!("{name} — P{province:02} ({k})"),
            agency_id: departments[k as usize % departments.len()],
            unit,
            direction: if lower { "lower" } else { "higher" },
            baseline: Some((base * 10_000, first_year - 1)),
            frequency: "quarter",
            targets,
            values,
        });
    }
    (projects, out)
}

#[derive(clap::Args)]
pub struct BenchStoreArgs {
    /// Runs of each query.
    #[arg(long, default_value_t = 200)]
    runs: usize,
    #[arg(long, default_value = "22/11/2026")]
    today: String,
    #[command(flatten)]
    db: Db,
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(i).copied().unwrap_or(0.0)
}

pub async fn bench_store(a: BenchStoreArgs) -> Result<()> {
    let store = a.db.open().await?;
    let today = parse_date(&a.today)?;
    let agencies = store.agencies().await?;
    let provinces: Vec<i64> = agencies
        .iter()
        .filter(|x| x.kind == dondoc_domain::agency::AgencyKind::Province)
        .map(|x| x.id)
        .collect();
    let members: Vec<i64> = agencies
        .iter()
        .filter(|x| x.parent.is_some())
        .map(|x| x.id)
        .collect();
    anyhow::ensure!(
        !provinces.is_empty() && !members.is_empty(),
        "no data: run `dondoc demo-data` first"
    );
    let mut rng = Rng(42);
    let mut report = Vec::new();
    macro_rules! time {
        ($name:expr, $body:expr) => {{
            let mut ms = Vec::with_capacity(a.runs);
            for _ in 0..a.runs {
                let t = Instant::now();
                let n = $body;
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
                std::hint::black_box(n);
            }
            report.push(($name, percentile(&mut ms, 0.5), percentile(&mut ms, 0.99)));
        }};
    }
    time!("dashboard: counts by status per agency (one province)", {
        let p = provinces[rng.below(provinces.len() as u64) as usize];
        store
            .summary(Some(p), today, dondoc_domain::status::DEFAULT_DUE_SOON_DAYS)
            .await?
            .by_agency
            .len()
    });
    time!("inbox: overdue tasks of one agency", {
        let ag = members[rng.below(members.len() as u64) as usize];
        store
            .tasks(
                &TaskFilter {
                    agency: Some(ag),
                    status: Some(Status::Overdue),
                    limit: 50,
                    ..TaskFilter::default()
                },
                today,
                7,
            )
            .await?
            .len()
    });
    time!("inbox: tasks of one agency due in the next 7 days", {
        let ag = members[rng.below(members.len() as u64) as usize];
        let f = TaskFilter {
            agency: Some(ag),
            due_from: Some(today),
            due_to: Some(today + Duration::days(7)),
            limit: 50,
            ..TaskFilter::default()
        };
        store
            .tasks(&f, today, dondoc_domain::status::DEFAULT_DUE_SOON_DAYS)
            .await?
            .len()
    });
    time!("all tasks due in the next 7 days (first 100)", {
        let f = TaskFilter {
            due_from: Some(today),
            due_to: Some(today + Duration::days(7)),
            limit: 100,
            ..TaskFilter::default()
        };
        store
            .tasks(&f, today, dondoc_domain::status::DEFAULT_DUE_SOON_DAYS)
            .await?
            .len()
    });
    time!(
        "text search without diacritics, nearest deadline first (first 50)",
        {
            let q = [
                "danh muc du lieu",
                "chuyen doi so",
                "co so du lieu",
                "dich vu cong truc tuyen",
            ][rng.below(4) as usize];
            store
                .tasks(
                    &TaskFilter {
                        text: Some(q.into()),
                        limit: 50,
                        ..TaskFilter::default()
                    },
                    today,
                    7,
                )
                .await?
                .len()
        }
    );
    time!("text search without diacritics, newest first (first 50)", {
        let q = [
            "danh muc du lieu",
            "chuyen doi so",
            "co so du lieu",
            "dich vu cong truc tuyen",
        ][rng.below(4) as usize];
        store
            .tasks(
                &TaskFilter {
                    text: Some(q.into()),
                    limit: 50,
                    sort: dondoc_store::Sort::Newest,
                    ..TaskFilter::default()
                },
                today,
                7,
            )
            .await?
            .len()
    });
    // Periodic reports and scores (when the data set has them).
    let rounds = store.rounds(Some(-1)).await?;
    if !rounds.is_empty() {
        time!("reports: a round's inbox with its rates (one province)", {
            let p = provinces[rng.below(provinces.len() as u64) as usize];
            let r = &rounds[rng.below(rounds.len() as u64) as usize];
            let head = store.round(r.id, Some(p)).await?;
            let inbox = store.round_inbox(r.id, Some(p)).await?;
            let f = InboxFigures::of(
                inbox
                    .iter()
                    .map(|x| Arrival::of(x.first_submitted_on, head.due, today)),
            );
            (f.on_time_rate_tenths(), inbox.len())
        });
        let criteria = Criteria::default_set();
        time!("scores: a month's ranking, explained (one province)", {
            let p = provinces[rng.below(provinces.len() as u64) as usize];
            let r = &rounds[rng.below(rounds.len() as u64) as usize];
            let period = Period::month(
                r.start.format("%Y").to_string().parse().unwrap_or(2026),
                r.start.format("%m").to_string().parse().unwrap_or(1),
            )
            .ok_or_else(|| anyhow::anyhow!("no period"))?;
            let input = store.scoring_input(period, Some(p)).await?;
            score(&criteria, &input).agencies.len()
        });
        // The consolidated report of the current round, as the page builds
        // it: figures, the agencies' reports compiled, the appendix of the
        // province's open tasks and those completed in the month.
        let current = rounds
            .iter()
            .max_by_key(|r| r.start)
            .map(|r| r.id)
            .unwrap_or(0);
        let mut states: HashMap<i64, dondoc_web::AppState> = HashMap::new();
        let docx_runs = a.runs.min(20);
        let mut ms = Vec::new();
        let mut size = 0;
        for _ in 0..docx_runs {
            let p = provinces[rng.below(provinces.len() as u64) as usize];
            let state = states.entry(p).or_insert_with(|| {
                dondoc_web::AppState::new(
                    store.clone(),
                    dondoc_extract::Registry::khanh_hoa(),
                    dondoc_web::Settings {
                        scope: Some(p),
                        today: Some(today),
                        ..dondoc_web::Settings::default()
                    },
                )
            });
            let t = Instant::now();
            let bytes = dondoc_web::consolidated_report(state, current)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            ms.push(t.elapsed().as_secs_f64() * 1000.0);
            size = bytes.len();
        }
        eprintln!("consolidated report: {} KB", size / 1024);
        report.push((
            "the consolidated report .docx (one province)",
            percentile(&mut ms, 0.5),
            percentile(&mut ms, 0.99),
        ));
    }
    let national_runs = a.runs.min(20);
    let mut ms = Vec::new();
    for _ in 0..national_runs {
        let t = Instant::now();
        std::hint::black_box(
            store
                .summary(None, today, dondoc_domain::status::DEFAULT_DUE_SOON_DAYS)
                .await?
                .by_agency
                .len(),
        );
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    report.push((
        "national: counts by status per agency (all provinces)",
        percentile(&mut ms, 0.5),
        percentile(&mut ms, 0.99),
    ));
    println!("{:<58} {:>9} {:>9}", "query", "p50 ms", "p99 ms");
    for (name, p50, p99) in report {
        println!("{name:<58} {p50:>9.2} {p99:>9.2}");
    }
    Ok(())
}
