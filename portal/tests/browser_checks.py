"""What the browser tests check on every page: nothing scrolls sideways (FITS) and no text is invisible
(LOW_CONTRAST), at a phone's and a laptop's size; and logging in as a demo user."""

from django.urls import reverse

from demo.load import DEMO_PASSWORD

SIZES = [(390, 844), (1366, 768)]

# Text whose colour contrasts too little with what is behind it (the element's own background or the first
# ancestor's that is not transparent, composited on white): WCAG 2.1 AA, 4.5:1 or 3:1 for large text.
LOW_CONTRAST = """() => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) { return null; }
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a), a: 1,
  });
  const luminance = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const background = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.backgroundImage !== "none") { return null; }  // an image or gradient: not judged here
      const colour = parse(style.backgroundColor);
      if (colour && colour.a > 0) { layers.push(colour); if (colour.a >= 1) { break; } }
    }
    return layers.reduceRight((under, top) => over(top, under), { r: 255, g: 255, b: 255, a: 1 });
  };
  const problems = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    const text = walker.currentNode.textContent.trim();
    if (!text || seen.has(element) || element.closest("select, script, style")) { continue; }
    seen.add(element);
    if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) { continue; }
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) { continue; }  // visually hidden, for screen readers only
    const behind = background(element);
    if (!behind) { continue; }
    const style = getComputedStyle(element);
    const colour = over(parse(style.color), behind);
    const [light, dark] = [luminance(colour), luminance(behind)].sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      const tag = `<${element.tagName.toLowerCase()} class="${element.className}">`;
      problems.push(`${tag} "${text.slice(0, 40)}" ${ratio.toFixed(2)}:1`);
    }
  }
  return problems;
}"""

FITS = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def log_in(page, live_server, username):
    """Log in as a demo user (password "demo") and make sure it worked: a failed log-in shows the log-in page,
    which would pass every check below."""
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.get_by_role("button", name="Afmelden").wait_for()


def layout_problems(page, live_server, urls) -> list[str]:
    """Every page of `urls` at each of SIZES: too wide for the window, or text too faint to read. Each page
    must open as itself (a 200, not a redirect to the log-in page)."""
    problems = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200 and page.url == f"{live_server.url}{url}", url  # not the log-in page
            scroll_width, viewport = page.evaluate(FITS)
            if scroll_width > viewport:
                problems.append(f"{width}px {url}: the page is {scroll_width}px wide")
            problems += [f"{width}px {url}: {problem}" for problem in page.evaluate(LOW_CONTRAST)]
    return problems
