use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut texts = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        texts.push(std::fs::read_to_string(p).unwrap());
    }
    let t = Instant::now();
    let mut n = 0;
    for s in &texts {
        let d = hindsight::document::Document::split(s);
        if let Some(fm) = d.front_matter {
            let v: serde_yaml::Value = serde_yaml::from_str(fm.yaml).unwrap();
            n += v.as_mapping().map_or(0, |m| m.len());
        }
    }
    println!("yaml {:?} {n}", t.elapsed());
    let t = Instant::now();
    for s in &texts {
        let d = hindsight::document::Document::split(s);
        n += d.headings().len();
    }
    println!("headings {:?}", t.elapsed());
    let t = Instant::now();
    for s in &texts {
        let d = hindsight::document::Document::split(s);
        n += hindsight::document::scan_links(d.body, d.body_line).len();
    }
    println!("links {:?} {n}", t.elapsed());
    let t = Instant::now();
    let opts = hindsight::dialect::ReadOptions::default();
    for (i, s) in texts.iter().enumerate() {
        let st = hindsight::discover::SourceText {
            source: format!("{i:05}-x.md"),
            display: String::new(),
            package: None,
            text: s.clone(),
        };
        let _ = hindsight::dialect::read(&st, &opts);
    }
    println!("full read {:?}", t.elapsed());
}
