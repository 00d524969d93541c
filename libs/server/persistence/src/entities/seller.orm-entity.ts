import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('sellers')
export class SellerOrmEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') name!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
