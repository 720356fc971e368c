import assert from 'node:assert/strict';
import type { APIEmbed } from 'discord.js';
import { embedCharacters, EMBED_LIMITS } from '../../../adapters/discord/render/report-embeds';
import { BLOCK_LIMITS, type KnownBlock } from '../../../adapters/slack/blocks/block-kit';

/** Every Block Kit limit Slack enforces on a message's blocks (docs.slack.dev/reference/block-kit). */
export function assertSlackLimits(blocks: readonly KnownBlock[], where: string): void {
  assert.ok(blocks.length <= BLOCK_LIMITS.messageBlocks, `${where}: ${blocks.length} blocks`);
  for (const block of blocks) {
    if (block.type === 'section') {
      assert.ok((block.text?.text.length ?? 0) <= BLOCK_LIMITS.sectionText, `${where}: section of ${block.text?.text.length}`);
      for (const field of block.fields ?? []) assert.ok(field.text.length <= BLOCK_LIMITS.fieldText, where);
      assert.ok((block.fields?.length ?? 0) <= BLOCK_LIMITS.sectionFields, where);
    }
    if (block.type === 'header') assert.ok(block.text.text.length <= BLOCK_LIMITS.header, where);
    if (block.type === 'actions') for (const element of block.elements) assert.ok(element.type !== 'button' || element.text.text.length <= BLOCK_LIMITS.buttonLabel, where);
    if (block.type === 'context') for (const element of block.elements) assert.ok('text' in element && element.text.length <= BLOCK_LIMITS.sectionText, where);
  }
}

export function assertDiscordLimits(messages: APIEmbed[][], where: string): void {
  for (const embeds of messages) {
    assert.ok(embeds.length <= EMBED_LIMITS.embedsPerMessage, where);
    assert.ok(embeds.reduce((sum, e) => sum + embedCharacters(e), 0) <= EMBED_LIMITS.charactersPerMessage, `${where}: message over 6000`);
    for (const embed of embeds) {
      assert.ok([...(embed.title ?? '')].length <= EMBED_LIMITS.title, where);
      assert.ok([...(embed.description ?? '')].length <= EMBED_LIMITS.description, where);
      assert.ok((embed.fields?.length ?? 0) <= EMBED_LIMITS.fields, where);
      for (const field of embed.fields ?? []) {
        assert.ok([...field.name].length <= EMBED_LIMITS.fieldName && field.name.length > 0, where);
        assert.ok([...field.value].length <= EMBED_LIMITS.fieldValue && field.value.length > 0, `${where}: field ${field.name} of ${field.value.length}`);
      }
    }
  }
}

