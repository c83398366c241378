// A handful of Prometheus metrics in the text exposition format, served on the health listener at /metrics.
// Written by hand (a few counters and gauges) rather than pulling a metrics library into the connector.

type Labels = Record<string, string>;

interface Family {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, number>; // key: rendered label set
  collect?: () => number; // gauges read at scrape time
}

export class Metrics {
  private readonly families = new Map<string, Family>();

  counter(name: string, help: string): (labels?: Labels, by?: number) => void {
    const f = this.family(name, help, 'counter');
    // Rendering (escaping) a label set on every increment costs more than the count: remember each set's text.
    const rendered = new Map<string, string>();
    return (labels = {}, by = 1) => {
      let id = '';
      for (const k in labels) id += `${k}\u0000${labels[k]}\u0000`;
      let key = rendered.get(id);
      if (key === undefined) {
        key = renderLabels(labels);
        rendered.set(id, key);
      }
      f.values.set(key, (f.values.get(key) ?? 0) + by);
    };
  }

  /** A gauge whose value is read when scraped. */
  gauge(name: string, help: string, collect: () => number): void {
    this.family(name, help, 'gauge').collect = collect;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, f] of this.families) {
      lines.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      if (f.collect) lines.push(`${name} ${f.collect()}`);
      for (const [labels, v] of f.values) lines.push(`${name}${labels} ${v}`);
    }
    return lines.join('\n') + '\n';
  }

  private family(name: string, help: string, type: Family['type']): Family {
    let f = this.families.get(name);
    if (!f) {
      f = { help, type, values: new Map() };
      this.families.set(name, f);
    }
    return f;
  }
}

function renderLabels(labels: Labels): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}
