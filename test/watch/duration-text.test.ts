import assert from 'node:assert/strict';
import { renderString } from '../../src/conversation/runner/render-effects';
import { translator } from '../../src/i18n/translator';
import { durationText } from '../../src/watch/alert-text';

/** Durations in alerts and listings: the largest unit that fits, never "1 minute" for 2 seconds. */
describe('watch: durations as the channel reads them', function () {
  const say = (language: Parameters<typeof translator>[0], ms: number): string => renderString(translator(language), durationText(ms));

  it('uses seconds under a minute (the lab watches every 2 s), then minutes, hours and days', function () {
    assert.equal(say('en', 2000), '2 seconds');
    assert.equal(say('en', 400), '1 second');
    assert.equal(say('en', 59_400), '59 seconds');
    assert.equal(say('en', 59_600), '1 minute');
    assert.equal(say('en', 12 * 60_000), '12 minutes');
    assert.equal(say('en', 3 * 3_600_000), '3 hours');
    assert.equal(say('en', 2 * 86_400_000), '2 days');
  });

  it('in every language, with its plural forms', function () {
    assert.equal(say('de', 1000), '1 Sekunde');
    assert.equal(say('de', 17_000), '17 Sekunden');
    assert.equal(say('es', 17_000), '17 segundos');
    assert.equal(say('fr', 1000), '1 seconde');
    assert.equal(say('pt-BR', 17_000), '17 segundos');
    assert.equal(say('ja', 17_000), '17 秒');
  });
});
