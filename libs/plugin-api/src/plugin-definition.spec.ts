import { Entity, PrimaryColumn } from 'typeorm';
import { definePlugin, definitionProblems, pluginSetProblems, type PluginDefinition } from './plugin-definition';

@Entity({ name: 'demo_thing' })
class DemoThing {
  @PrimaryColumn('uuid') id!: string;
}

@Entity({ name: 'thing' })
class UnprefixedThing {
  @PrimaryColumn('uuid') id!: string;
}

const base: PluginDefinition = {
  label: 'demo',
  version: '1.2.0',
  packageName: 'pulp-demo',
  module: 'pulp_demo.app',
  domainCompatible: true,
};

describe('definePlugin', () => {
  it('accepts a well-formed definition with prefixed tables', () => {
    expect(definePlugin({ ...base, entities: [DemoThing] }).label).toBe('demo');
  });

  it.each([
    [{ label: 'Bad-Label' }, 'label must match'],
    [{ label: 'core' }, 'reserved'],
    [{ version: 'v1' }, 'PEP 440'],
    [{ module: '' }, 'packageName and module are required'],
    [{ entities: [UnprefixedThing] }, 'must name its table "demo_…" (has thing)'],
    [
      { detailTypes: [{ master: 'content' as const, pulpType: 'file.file', endpoint: 'files', model: 'filecontent' }] },
      'detail type file.file must start with "demo."',
    ],
    [{ rbac: { label: 'file', permissions: [], viewsets: [] } }, 'rbac catalogue label "file" must be "demo"'],
  ])('refuses %j', (override, message) => {
    expect(definitionProblems({ ...base, ...override }).join()).toContain(message);
    expect(() => definePlugin({ ...base, ...override })).toThrow(message);
  });
});

describe('pluginSetProblems', () => {
  it('refuses duplicate labels and a task claimed twice', () => {
    const other = { ...base, label: 'other', taskNames: ['pulp_demo.app.tasks.sync'] };
    expect(pluginSetProblems([{ ...base, taskNames: ['pulp_demo.app.tasks.sync'] }, other, base])).toEqual([
      'task pulp_demo.app.tasks.sync is claimed by both demo and other',
      'plugin label "demo" is used twice',
    ]);
  });

  it('accepts an empty set', () => {
    expect(pluginSetProblems([])).toEqual([]);
  });
});
