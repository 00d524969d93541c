import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ReasonKind } from '@aftersale/contracts';

@Entity('reasons')
export class ReasonOrmEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') kind!: ReasonKind;
  @Column('jsonb') labels!: { en: string; ru: string; zh: string };
  @Column('boolean', { name: 'is_defect' }) isDefect!: boolean;
  @Column('boolean', { name: 'is_comment_required' }) isCommentRequired!: boolean;
  @Column('int') position!: number;
}
