import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@aftersale/contracts';

@Entity('users')
export class UserOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { unique: true }) email!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'password_hash' }) passwordHash!: string;
  @Column('text') role!: Role;
  @Column('uuid', { name: 'seller_id', nullable: true }) sellerId!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
