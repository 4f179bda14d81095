use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut texts = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        texts.push(std::fs::read_to_string(e.unwrap().path()).unwrap());
    }
    let t = Instant::now();
    let mut n = 0;
    for s in &texts {
        let d = hindsight::document::Document::split(s);
        let mut out = String::new();
        pulldown_cmark::html::push_html(
            &mut out,
            pulldown_cmark::Parser::new_ext(
                d.body,
                pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_GFM,
            ),
        );
        n += out.len();
    }
    println!("pulldown {:?} {n}", t.elapsed());
}
