import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { REASON_KINDS, ReasonView } from '@aftersale/contracts';
import { reasonView } from '@aftersale/server/persistence';
import { Allow, SELLER_ROLES } from '../infrastructure/auth/auth.decorators';
import { parseListParams, ListSpec, equalsOneOf } from '../infrastructure/lists/list-params';
import { notFound, validationFailed } from '../infrastructure/problems/problem.exception';
import { ReasonsCatalogue } from './reasons-catalogue.service';

const REASONS: ListSpec<never> = {
  resource: 'reasons',
  sortable: { id: 'id', createdAt: 'position', position: 'position', kind: 'kind' },
  filters: { kind: equalsOneOf('kind', REASON_KINDS) },
};

function languageOf(header: string | undefined): 'en' | 'ru' | 'zh' {
  const first = (header ?? '').toLowerCase().split(/[,;-]/)[0].trim();
  return first === 'ru' || first === 'zh' ? first : 'en';
}

@ApiTags('reasons')
@Controller('v1/reasons')
export class ReasonsController {
  constructor(private readonly catalogue: ReasonsCatalogue) {}

  @Get()
  @Allow(...SELLER_ROLES, 'warehouse', 'ops', 'channel')
  list(
    @Query() query: Record<string, unknown>,
    @Headers('accept-language') language: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): ReasonView[] {
    const params = parseListParams(query, REASONS);
    let rows = this.catalogue.all();
    const { kind, id } = params.filter;
    if (kind !== undefined) {
      const kinds = Array.isArray(kind) ? kind : [kind];
      if (!kinds.every((k) => (REASON_KINDS as readonly unknown[]).includes(k)))
        throw validationFailed([{ field: 'filter.kind', message: `must be one of ${REASON_KINDS.join(', ')}` }]);
      rows = rows.filter((r) => kinds.includes(r.kind));
    }
    if (id !== undefined) {
      const ids = Array.isArray(id) ? id : [id];
      rows = rows.filter((r) => ids.includes(r.id));
    }
    const [field, direction] = params.sort;
    const key = (r: (typeof rows)[number]) =>
      field === 'id' ? r.id : field === 'kind' ? r.kind : String(r.position).padStart(6, '0');
    rows = [...rows].sort((a, b) => key(a).localeCompare(key(b)) * (direction === 'ASC' ? 1 : -1));
    const [start, end] = params.range;
    const page = rows.slice(start, end + 1);
    response.setHeader(
      'Content-Range',
      `reasons ${start}-${page.length ? start + page.length - 1 : start}/${rows.length}`,
    );
    return page.map((r) => reasonView(r, languageOf(language)));
  }

  @Get(':id')
  @Allow(...SELLER_ROLES, 'warehouse', 'ops', 'channel')
  one(@Param('id') id: string, @Headers('accept-language') language: string | undefined): ReasonView {
    const reason = this.catalogue.all().find((r) => r.id === id);
    if (!reason) throw notFound('reason');
    return reasonView(reason, languageOf(language));
  }
}
